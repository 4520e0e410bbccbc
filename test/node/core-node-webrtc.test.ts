/**
 * The core under plain Node 20 (no global WebSocket, no RTCPeerConnection): a Peer loads `ws` and
 * `@roamhq/wrtc` by itself, registers with our real server and carries data to another Node Peer in
 * every serialization; an injected `webrtc` is used as given; a missing package is a typed error naming it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import wrtc from '@roamhq/wrtc';
import { Peer, PeerError, type DataConnection } from '../../src/core/index.ts';
import { NODE_WEBRTC_PACKAGE, webRTCFor } from '../../src/core/webrtc-env.ts';
import { startKit } from './server-helpers/kit.ts';

let server: Awaited<ReturnType<typeof startKit>>;
before(async () => { server = await startKit(); });
after(async () => { await server.close(); });

const opened = (p: Peer) => new Promise<void>((resolve, reject) => { p.once('open', () => resolve()); p.once('error', reject); });

test('Node 20 has neither global, so the core must bring its own', () => {
  assert.equal((globalThis as { WebSocket?: unknown }).WebSocket, undefined);
  assert.equal((globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection, undefined);
});

test('a missing WebRTC package is a browser-incompatible PeerError that names it', async () => {
  const missing = async () => { throw Object.assign(new Error('Cannot find package'), { code: 'ERR_MODULE_NOT_FOUND' }); };
  await assert.rejects(webRTCFor({}, missing), (e: unknown) =>
    e instanceof PeerError && e.type === 'browser-incompatible' && e.message.includes(NODE_WEBRTC_PACKAGE) && e.message.includes('webrtc'));
  await assert.rejects(webRTCFor({}, async () => ({ default: {} })), (e: unknown) => e instanceof PeerError && e.type === 'browser-incompatible');
});

test('an injected implementation wins; RTCPeerConnection alone (PeerJS style) wins over it', async () => {
  class Fake {}
  assert.equal((await webRTCFor({ webrtc: wrtc })).RTCPeerConnection, wrtc.RTCPeerConnection);
  const pc = Fake as unknown as typeof RTCPeerConnection;
  assert.equal((await webRTCFor({ webrtc: wrtc, RTCPeerConnection: pc })).RTCPeerConnection, pc);
  assert.equal((await webRTCFor({})).RTCPeerConnection, wrtc.RTCPeerConnection, 'lazily loaded package');
});

test('two Node Peers (lazy ws + @roamhq/wrtc, and an injected webrtc) exchange data in every serialization', async () => {
  const endpoint = { host: '127.0.0.1', port: server.port, path: '/' };
  const a = new Peer('node-a', endpoint);
  const b = new Peer('node-b', { ...endpoint, webrtc: wrtc });
  try {
    await Promise.all([opened(a), opened(b)]);
    b.on('connection', (c: DataConnection) => c.on('data', (d: unknown) => { void c.send(d); }));
    for (const serialization of ['binary', 'binary-utf8', 'json', 'raw', 'MsgPack'] as const) {
      const c = a.connect('node-b', { serialization });
      await new Promise<void>((resolve, reject) => { c.once('open', () => resolve()); c.once('error', reject); });
      const echoed = new Promise<unknown>((resolve) => c.once('data', resolve));
      const value = serialization === 'raw' ? 'plain text' : { hello: serialization, n: [1, 2, 3], bytes: new Uint8Array([7, 8]) };
      await c.send(value);
      const got = await echoed;
      if (serialization === 'raw') assert.equal(got, 'plain text');
      else if (serialization === 'json') assert.deepEqual(got, { hello: 'json', n: [1, 2, 3], bytes: { 0: 7, 1: 8 } });
      else {
        const o = got as { hello: string; n: number[]; bytes: ArrayBuffer | Uint8Array };
        assert.equal(o.hello, serialization);
        assert.deepEqual(o.n, [1, 2, 3]);
        assert.deepEqual([...new Uint8Array(o.bytes instanceof ArrayBuffer ? o.bytes : o.bytes.buffer.slice(o.bytes.byteOffset, o.bytes.byteOffset + o.bytes.byteLength))], [7, 8], serialization);
      }
      c.close();
    }
  } finally {
    a.destroy();
    b.destroy();
  }
});
