/**
 * The package as `npm pack` makes it (run `npm run build` first; `npm test` does): it ships dist/
 * and no TypeScript sources, every `exports` target is in it, the CLI is compiled JS with a shebang,
 * and `p2p-kit/server` + `p2p-kit/protocol` run in plain Node (no loader flag). Installed-copy checks
 * (fresh apps, publint, attw) are in test/consumer/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { exports: Record<string, unknown>; bin: Record<string, string> };
const built = () => assert.ok(existsSync(`${ROOT}dist/index.js`), 'dist/ is missing: run `npm run build` first (npm test does)');

/** Every file path named in `exports` (patterns expanded against `files`). */
function targets(files: string[]): string[][] {
  const out: string[][] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      const path = v.replace(/^\.\//, '');
      const re = new RegExp(`^${path.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^]+')}$`);
      out.push([v, ...files.filter((f) => re.test(f))]);
    } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(pkg.exports);
  return out;
}

test('p2p-kit/server starts a server from plain node, without a loader flag', async () => {
  built();
  // Self-reference by package name: resolves through package.json "exports" like an installed copy.
  const script = `
    const { createServer } = await import('p2p-kit/server');
    const kit = createServer({ port: 0, host: '127.0.0.1' });
    await kit.ready;
    const res = await fetch('http://127.0.0.1:' + kit.address().port + '/peerjs/id');
    const id = await res.text();
    const { isValidId } = await import('p2p-kit/protocol');
    await kit.close();
    console.log(JSON.stringify({ status: res.status, valid: isValidId(id), loaders: process.execArgv.filter((a) => a.startsWith('--import') || a.startsWith('--loader')) }));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT, timeout: 30000, env: { ...process.env, NODE_OPTIONS: '' },
  });
  assert.deepEqual(JSON.parse(stdout.trim().split('\n').pop()!), { status: 200, valid: true, loaders: [] });
});

test('the compiled entries export exactly what the TypeScript modules export', async () => {
  built();
  for (const name of ['server', 'protocol', 'core']) {
    const ts = Object.keys(await import(`../../src/${name}/index.ts`)).sort();
    const js = Object.keys(await import(`../../dist/${name}/index.js`)).sort();
    assert.deepEqual(js, ts, `dist/${name}/index.js is out of date with src/${name}/index.ts: npm run build`);
  }
});

test('npm pack ships every exports target, the compiled CLI and the bundle, and no sources or tests', async () => {
  built();
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, timeout: 60000 });
  const files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
  for (const [target, ...matches] of targets(files)) assert.ok(matches.length > 0, `exports target ${target} is in the package`);
  for (const tag of ['p2p-peer', 'p2p-video', 'p2p-roster', 'p2p-chat', 'p2p-call', 'p2p-file-drop']) {
    assert.ok(files.includes(`dist/define/${tag}.js`) && files.includes(`dist/define/${tag}.d.ts`), `define/${tag} with types`);
  }
  assert.ok(files.includes('dist/cdn/p2p-kit.js'), 'the no-build bundle');
  assert.deepEqual(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), [], 'no TypeScript sources');
  assert.ok(!files.some((f) => /^(test|bench|src|node|bin|examples)\//.test(f)), 'sources, tests, benchmarks and examples stay out');
  const cli = readFileSync(`${ROOT}${pkg.bin['p2p-kit']}`, 'utf8');
  assert.ok(cli.startsWith('#!/usr/bin/env node\n'), 'the CLI starts with a shebang');
});

test('the shipped code imports neither tsx nor ioredis (the Redis store loads ioredis on demand)', async () => {
  built();
  const { stdout } = await run('grep', ['-rlE', '--include=*.js', '--include=*.d.ts', "from '(tsx|ioredis)|import\\('(tsx|ioredis)", `${ROOT}dist`])
    .catch((err: { code?: number; stdout: string }) => (err.code === 1 ? { stdout: '' } : Promise.reject(err)));
  assert.equal(stdout.trim(), '', 'no static import of tsx or ioredis in dist/');
});

test('a missing optional peer dependency is a typed error naming the package and the option', async () => {
  const { loadPeerDependency, MissingPeerDependencyError } = await import('../../src/server/redis-load.ts');
  assert.throws(() => loadPeerDependency('p2p-kit-no-such-package', 'redis'), (err: unknown) => err instanceof MissingPeerDependencyError &&
    err.code === 'missing-peer-dependency' && err.packageName === 'p2p-kit-no-such-package' && /"redis" option needs .*npm install p2p-kit-no-such-package/.test(err.message));
  assert.equal(typeof loadPeerDependency<{ Redis: unknown }>('ioredis', 'redis').Redis, 'function', 'an installed one loads');
});
