// Peer with an auth token against our server started with auth (ws + fetch injected, no WebRTC):
// the id comes from the token, a refused token is a typed `unauthorized` error, the token is
// renewed before it expires and after the server said it expired.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { SignJWT } from 'jose';
import { AuthText } from '../../src/protocol/index.ts';
import { createServer, type SignallingServer } from '../../src/server/index.ts';
import { Peer, type PeerError, type PeerOptions } from '../../src/core/index.ts';

class NoRTC { close(): void {} }
const SECRET = 'core-auth-test-secret-0123456789-abcdef';
const WAIT_MS = 10000;

const mint = (sub: string, ttlSeconds: number): Promise<string> => new SignJWT({ sub, exp: Math.floor(Date.now() / 1000) + ttlSeconds })
  .setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));

function within<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`timed out: ${what}`)), WAIT_MS))]);
}

const opened = (p: Peer): Promise<string> => within(new Promise((res, rej) => { p.once('open', res); p.once('error', rej); }), 'open');
const failed = (p: Peer): Promise<PeerError> => within(new Promise((res) => p.once('error', res)), 'error');

describe('core: auth token', () => {
  let server: SignallingServer, port = 0;
  const peers: Peer[] = [];
  before(async () => {
    server = createServer({ port: 0, host: '127.0.0.1', auth: { secret: SECRET, clockToleranceSeconds: 0 } });
    await server.ready;
    port = (server.address() as AddressInfo).port;
  });
  after(async () => { for (const p of peers) p.destroy(); await server.close(); });

  const peer = (o: PeerOptions, id?: string): Peer => {
    const p = new Peer(id as string, {
      host: '127.0.0.1', port, path: '/', secure: false, config: { iceServers: [] },
      WebSocket: WebSocket as unknown as PeerOptions['WebSocket'], fetch: globalThis.fetch as PeerOptions['fetch'],
      RTCPeerConnection: NoRTC as unknown as PeerOptions['RTCPeerConnection'], reconnect: false, ...o,
    });
    peers.push(p);
    return p;
  };

  it('registers the id the token was signed for', async () => {
    const p = peer({ authToken: await mint('signed-sam', 60) });
    assert.equal(await opened(p), 'signed-sam');
    assert.ok(server.peers().includes('signed-sam'));
  });

  it('a token for another id fails the peer with unauthorized and the server reason', async () => {
    const p = peer({ authToken: await mint('someone-else', 60) }, 'tom');
    const err = await failed(p);
    assert.equal(err.type, 'unauthorized');
    assert.equal(err.message, AuthText.OtherPeer);
    assert.equal(p.state, 'failed');
  });

  it('an expired token is refreshed through the callback and the peer gets in', async () => {
    let calls = 0;
    const p = peer({ authToken: await mint('late-lea', -5), refreshAuthToken: () => { calls++; return mint('late-lea', 60); } });
    assert.equal(await opened(p), 'late-lea');
    assert.equal(calls, 1);
  });

  it('renews before expiry, so a reconnect after the first token expired still gets in', async () => {
    let renewed!: () => void;
    const renewal = new Promise<void>((r) => { renewed = r; });
    const p = peer({ authToken: await mint('kept-kim', 2), refreshAuthToken: async () => { const t = await mint('kept-kim', 60); renewed(); return t; } });
    await opened(p);
    await within(renewal, 'refresh before expiry');
    p.disconnect();
    await new Promise((r) => setTimeout(r, 2500)); // the first token is now expired
    const back = opened(p);
    p.reconnect();
    assert.equal(await back, 'kept-kim');
  });
});
