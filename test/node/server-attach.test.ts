/** Server: attach modes (own port, http.Server, noServer), static files, HTTPS. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import WebSocket from 'ws';
import { createServer } from '../../src/server/index.ts';
import { TestClient, dial, get, join, startKit, wsUrl } from './server-helpers/kit.ts';

/** Raw GET without URL normalisation (fetch would resolve `..` itself). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
}

describe('server: attach to an existing http.Server', () => {
  test('our routes and WebSocket answer; the app keeps everything else; close() restores it', async () => {
    const app = createHttpServer((_req, res) => { res.end('app'); });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    const { port } = app.address() as AddressInfo;
    const kit = createServer({ server: app, path: '/signal', allowDiscovery: true });
    await kit.ready;
    assert.equal(kit.address()?.port, port);
    assert.equal((await get(port, '/hello')).body, 'app');
    assert.equal((await get(port, '/signal')).body, 'app', 'the info document never shadows the app');
    const c = await dial(wsUrl(port, { key: 'peerjs', id: 'att-a', token: 't' }, '/signal/'));
    assert.equal((await c.next()).type, 'OPEN');
    assert.deepEqual(JSON.parse((await get(port, '/signal/peerjs/peers')).body), ['att-a']);
    await kit.close();
    assert.equal((await c.closed).code, 1001);
    assert.equal((await get(port, '/signal/peerjs/peers')).body, 'app');
    await new Promise<void>((r) => { app.close(() => r()); app.closeAllConnections(); });
  });
});

describe('server: noServer', () => {
  test('handleUpgrade and handleRequest from your own server', async () => {
    const kit = createServer({ noServer: true });
    await kit.ready;
    assert.equal(kit.address(), null);
    const app = createHttpServer((req, res) => {
      void kit.handleRequest(req, res).then((handled) => { if (!handled) res.writeHead(418).end(); });
    });
    app.on('upgrade', (req, socket, head) => kit.handleUpgrade(req, socket, head));
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    const { port } = app.address() as AddressInfo;
    const a = await join({ port }, 'ns-a'), b = await join({ port }, 'ns-b');
    a.send({ type: 'OFFER', dst: 'ns-b' });
    assert.equal((await b.next()).src, 'ns-a');
    assert.equal((await get(port, '/peerjs/id')).status, 200);
    assert.equal((await get(port, '/elsewhere')).status, 418);
    await kit.close();
    await Promise.all([a.closed, b.closed]);
    await new Promise<void>((r) => { app.close(() => r()); app.closeAllConnections(); });
  });
});

describe('server: static files', () => {
  let dir: string, kit: Awaited<ReturnType<typeof startKit>>;
  before(async () => {
    dir = mkdtempSync(joinPath(tmpdir(), 'kit-static-'));
    const root = joinPath(dir, 'site');
    mkdirSync(joinPath(root, 'sub'), { recursive: true });
    writeFileSync(joinPath(root, 'index.html'), '<!doctype html><title>demo</title>');
    writeFileSync(joinPath(root, 'app.js'), 'export {};');
    writeFileSync(joinPath(root, 'style.css'), 'body{}');
    writeFileSync(joinPath(root, 'sub', 'index.html'), 'sub index');
    writeFileSync(joinPath(root, '.env'), 'SECRET=1');
    writeFileSync(joinPath(dir, 'outside.txt'), 'outside');
    symlinkSync(joinPath(dir, 'outside.txt'), joinPath(root, 'link.txt'));
    kit = await startKit({ static: root });
  });
  after(async () => {
    await kit.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('serves files with content types and index.html (which wins over the info document)', async () => {
    const index = await get(kit.port, '/');
    assert.equal(index.type, 'text/html; charset=utf-8');
    assert.equal(index.body, '<!doctype html><title>demo</title>');
    assert.equal((await get(kit.port, '/app.js')).type, 'text/javascript; charset=utf-8');
    assert.equal((await get(kit.port, '/style.css')).type, 'text/css; charset=utf-8');
    assert.equal((await get(kit.port, '/sub/')).body, 'sub index');
    const redirect = await fetch(`http://127.0.0.1:${kit.port}/sub`, { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), '/sub/');
    const head = await fetch(`http://127.0.0.1:${kit.port}/app.js`, { method: 'HEAD' });
    assert.equal(head.headers.get('content-length'), '10');
    assert.equal(await head.text(), '');
    assert.match((await get(kit.port, '/peerjs/id')).body, /^[0-9a-f-]{36}$/, 'API routes still answer');
  });

  test('no path traversal, dotfiles or symlinks out of the folder', async () => {
    for (const p of ['/../outside.txt', '/%2e%2e/outside.txt', '/..%2foutside.txt', '/sub/..%2f..%2foutside.txt',
      '/.env', '/%2eenv', '/link.txt', '/missing.html', '/app.js%00.html']) {
      const r = await rawGet(kit.port, p);
      assert.equal(r.status, 404, p);
      assert.ok(!r.body.includes('outside') && !r.body.includes('SECRET'), p);
    }
  });
});

describe('server: HTTPS', () => {
  test('ssl option serves https and wss', async () => {
    const here = new URL('./server-helpers/', import.meta.url);
    const ssl = { key: readFileSync(new URL('test-key.pem', here)), cert: readFileSync(new URL('test-cert.pem', here)) };
    const kit = createServer({ port: 0, host: '127.0.0.1', ssl });
    await kit.ready;
    const { port } = kit.address()!;
    const ws = new WebSocket(`wss://127.0.0.1:${port}/peerjs?key=peerjs&id=tls-a&token=t`, { rejectUnauthorized: false });
    const c = new TestClient(ws);
    assert.equal((await c.next()).type, 'OPEN');
    c.close();
    await c.closed;
    await kit.close();
  });
});
