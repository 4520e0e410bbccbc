/**
 * The package as a user gets it: `p2p-kit/server` and `p2p-kit/protocol` import in plain Node (no
 * loader flag), their JS entries export exactly what the TypeScript modules do, and `npm pack` ships
 * what `package.json` points at (custom-elements.json, the CLI, the Node entries).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;

test('p2p-kit/server starts a server from plain node, without a loader flag', async () => {
  // Self-reference by package name: resolves through package.json "exports" like an installed copy.
  const script = `
    const { createServer } = await import('p2p-kit/server');
    const kit = createServer({ port: 0, host: '127.0.0.1' });
    await kit.ready;
    const res = await fetch('http://127.0.0.1:' + kit.address().port + '/peerjs/id');
    const id = await res.text();
    const { isValidId } = await import('p2p-kit/protocol');
    await kit.close();
    console.log(JSON.stringify({ status: res.status, valid: isValidId(id) }));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT, timeout: 30000, env: { ...process.env, NODE_OPTIONS: '' },
  });
  assert.deepEqual(JSON.parse(stdout.trim().split('\n').pop()!), { status: 200, valid: true });
});

test('the Node entries export exactly what the TypeScript modules export', async () => {
  for (const name of ['server', 'protocol']) {
    const ts = Object.keys(await import(`../../src/${name}/index.ts`)).sort();
    const js = Object.keys(await import(`../../node/${name}.js`)).sort();
    assert.deepEqual(js, ts, `node/${name}.js is out of date with src/${name}/index.ts`);
  }
});

test('npm pack ships the manifest, the CLI and the Node entries, and no tests', async () => {
  assert.ok(existsSync(`${ROOT}custom-elements.json`), 'npm run analyze first (npm test does)');
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, timeout: 60000 });
  const files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
  for (const f of ['custom-elements.json', 'bin/p2p-kit.js', 'node/server.js', 'node/protocol.js', 'src/index.ts', 'src/core/index.ts']) {
    assert.ok(files.includes(f), `${f} is in the package`);
  }
  assert.ok(!files.some((f) => f.startsWith('test/') || f.startsWith('bench/')), 'tests and benchmarks stay out');
});
