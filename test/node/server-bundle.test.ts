/**
 * Server: `{path}p2p-kit.js` serves the no-build bundle from dist/cdn/ (run `npm run build` first;
 * npm test does) with CORS, plus the chunks it imports; without a built bundle, a 404 that says what
 * to run. The browser side (a page on another origin loading it) is test/consumer/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BUNDLE_MISSING } from '../../src/server/bundle.ts';
import { get, startKit } from './server-helpers/kit.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('server: the no-build bundle', () => {
  let kit: Awaited<ReturnType<typeof startKit>>, mounted: Awaited<ReturnType<typeof startKit>>;
  before(async () => {
    assert.ok(existsSync(`${ROOT}dist/cdn/p2p-kit.js`), 'run `npm run build` first (npm test does)');
    kit = await startKit();
    mounted = await startKit({ path: '/signal', cors: ['https://app.example'] });
  });
  after(() => Promise.all([kit.close(), mounted.close()]));

  test('{path}p2p-kit.js is the built bundle as JavaScript, CORS *; its lazy chunks resolve beside it', async () => {
    const res = await get(kit.port, '/p2p-kit.js');
    assert.equal(res.status, 200);
    assert.equal(res.type, 'text/javascript; charset=utf-8');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.body, readFileSync(`${ROOT}dist/cdn/p2p-kit.js`, 'utf8'));
    const chunks = [...res.body.matchAll(/import\(["`]\.\/(chunks\/[\w-]+\.js)["`]\)/g)].map((m) => m[1]!);
    assert.ok(chunks.length > 0, 'the bundle has lazy chunks');
    for (const c of chunks) {
      const chunk = await get(kit.port, `/${c}`);
      assert.equal(chunk.status, 200, c);
      assert.equal(chunk.body, readFileSync(`${ROOT}dist/cdn/${c}`, 'utf8'));
    }
    assert.equal((await get(kit.port, '/chunks/nothing-here.js')).status, 404);
    assert.equal((await get(kit.port, '/p2p-kit.js.map')).status, 200, 'source map');
  });

  test('under a mount path and with a CORS list, the same rules as the API', async () => {
    assert.equal((await get(mounted.port, '/p2p-kit.js')).status, 404, 'outside the mount path');
    const res = await get(mounted.port, '/signal/p2p-kit.js', { origin: 'https://app.example' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example');
    const other = await get(mounted.port, '/signal/p2p-kit.js', { origin: 'https://other.example' });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  test('a server without a built bundle answers 404 with what to run', async () => {
    // The compiled server alone (dist/server + dist/protocol), away from any dist/cdn/.
    const dir = mkdtempSync(join(tmpdir(), 'p2p-nobundle-'));
    try {
      for (const d of ['server', 'protocol']) cpSync(`${ROOT}dist/${d}`, join(dir, 'lib', d), { recursive: true });
      symlinkSync(`${ROOT}node_modules`, join(dir, 'node_modules'));
      const script = `const { createServer } = await import('./lib/server/index.js');
        const kit = createServer({ port: 0, host: '127.0.0.1' }); await kit.ready;
        const res = await fetch('http://127.0.0.1:' + kit.address().port + '/p2p-kit.js');
        console.log(JSON.stringify({ status: res.status, body: await res.text() })); await kit.close();`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, timeout: 30000, env: { ...process.env, NODE_OPTIONS: '' } });
      assert.deepEqual(JSON.parse(stdout.trim()), { status: 404, body: BUNDLE_MISSING });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
