/** Server: HTTP routes (PROTOCOL.md §1.1), discovery, CORS, options validation, listen errors. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from '../../src/server/index.ts';
import { dial, get, join, startKit, wsUrl } from './server-helpers/kit.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('server: HTTP routes', () => {
  let open: Awaited<ReturnType<typeof startKit>>, closed: Awaited<ReturnType<typeof startKit>>;
  before(async () => {
    open = await startKit({ allowDiscovery: true });
    closed = await startKit({ path: '/signal', cors: ['https://app.example'] });
  });
  after(() => Promise.all([open.close(), closed.close()]));

  test('{key}/id: a fresh UUID as text/html, any key segment, CORS *', async () => {
    const a = await get(open.port, '/peerjs/id?ts=123&version=1.5.5');
    assert.equal(a.status, 200);
    assert.equal(a.type, 'text/html');
    assert.match(a.body, UUID);
    assert.equal(a.headers.get('access-control-allow-origin'), '*');
    assert.match((await get(open.port, '/peerjs/id/')).body, UUID, 'trailing slash tolerated');
    const b = await get(open.port, '/whatever/id');
    assert.match(b.body, UUID);
    assert.notEqual(a.body, b.body);
  });

  test('discovery on: {key}/peers and SkyWay-style active/list|count list registered ids', async () => {
    const a = await join(open, 'disc-a'), b = await join(open, 'disc-b');
    assert.deepEqual(JSON.parse((await get(open.port, '/peerjs/peers')).body), ['disc-a', 'disc-b']);
    assert.deepEqual(JSON.parse((await get(open.port, '/active/list/peerjs')).body), ['disc-a', 'disc-b']);
    const count = await get(open.port, '/active/count/peerjs');
    assert.equal(count.type, 'application/json; charset=utf-8');
    assert.equal(count.body, '{"name":"active_session","count":2,"api_key":"peerjs"}');
    assert.equal((await get(open.port, '/active/count/unknown')).body, '{"name":"active_session","count":0,"api_key":"unknown"}');
    a.close(); b.close();
  });

  test('discovery off: 401 for peers and active endpoints (PeerServer default)', async () => {
    for (const p of ['/signal/peerjs/peers', '/signal/active/list/peerjs', '/signal/active/count/peerjs']) {
      assert.equal((await get(closed.port, p)).status, 401, p);
    }
  });

  test('GET {path} is a JSON info document; unknown paths 404', async () => {
    const info = await get(open.port, '/');
    assert.equal(info.status, 200);
    assert.equal(JSON.parse(info.body).name, 'p2p-kit');
    assert.equal((await get(closed.port, '/signal')).status, 200);
    assert.equal((await get(closed.port, '/')).status, 404);
    assert.equal((await get(closed.port, '/peerjs/id')).status, 404, 'routes live under the mount path');
    assert.match((await get(closed.port, '/signal/peerjs/id')).body, UUID);
  });

  test('CORS allow-list reflects listed origins only; preflight answered', async () => {
    const ok = await get(closed.port, '/signal/peerjs/id', { Origin: 'https://app.example' });
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.equal(ok.headers.get('vary'), 'Origin');
    const no = await get(closed.port, '/signal/peerjs/id', { Origin: 'https://evil.example' });
    assert.equal(no.headers.get('access-control-allow-origin'), null);
    const pre = await fetch(`http://127.0.0.1:${closed.port}/signal/peerjs/id`, { method: 'OPTIONS',
      headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'GET' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.match(pre.headers.get('access-control-allow-methods') ?? '', /GET/);
    const post = await fetch(`http://127.0.0.1:${closed.port}/signal/peerjs/id`, { method: 'POST' });
    assert.equal(post.status, 405);
  });

  test('WebSocket only at {path}peerjs: other upgrade paths get 400', async () => {
    const WebSocket = (await import('ws')).default;
    const ws = new WebSocket(`ws://127.0.0.1:${closed.port}/peerjs?key=peerjs&id=a&token=t`);
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => {});
    });
    assert.equal(status, 400);
    const ok = await dial(wsUrl(closed.port, { key: 'peerjs', id: 'path-ok', token: 't' }, '/signal/'));
    assert.equal((await ok.next()).type, 'OPEN');
    ok.close();
  });
});

describe('server: options', () => {
  test('bad options throw precise TypeErrors up front', () => {
    const bad: [unknown, RegExp][] = [
      [{}, /exactly one of "port", "server" or "noServer"/],
      [{ port: 0, noServer: true }, /exactly one/],
      [{ port: -1 }, /"port" must be an integer 0-65535/],
      [{ port: 0, prot: 1 }, /unknown option "prot"/],
      [{ port: 0, expireTimeout: 0 }, /"expireTimeout" must be an integer >= 1/],
      [{ port: 0, limits: { nope: 1 } }, /unknown limit "limits.nope"/],
      [{ port: 0, limits: { maxFrameBytes: 1.5 } }, /"limits.maxFrameBytes" must be an integer/],
      [{ port: 0, key: '' }, /"key" must be non-empty/],
      [{ port: 0, cors: 'yes' }, /"cors" must be an array/],
      [{ port: 0, allowDiscovery: 'true' }, /"allowDiscovery" must be a boolean/],
      [{ noServer: true, host: 'x' }, /"host" only applies together with "port"/],
      [{ port: 0, iceServers: [{ url: 'stun:x' }] }, /needs "urls"/],
      [{ port: 0, path: '/a?b' }, /"path" must be a URL path/],
    ];
    for (const [opts, msg] of bad) {
      assert.throws(() => createServer(opts as never), (e: unknown) => e instanceof TypeError && msg.test(e.message), JSON.stringify(opts));
    }
  });

  test('a busy port rejects ready and emits error', async () => {
    const first = await startKit();
    const second = createServer({ port: first.port, host: '127.0.0.1' });
    const errored = new Promise<Error>((resolve) => second.once('error', resolve));
    await assert.rejects(second.ready, /EADDRINUSE/);
    assert.match((await errored).message, /EADDRINUSE/);
    await second.close();
    await first.close();
  });
});
