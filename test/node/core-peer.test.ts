// Peer against real signalling servers in Node (ws + fetch injected; no WebRTC needed for these):
// listAllPeers when discovery is off, and a wrong key. Ours and a stock PeerServer (npm `peer`).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once as onceEvent } from 'node:events';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { createServer } from '../../src/server/index.ts';
import { Peer, type PeerError, type PeerOptions } from '../../src/core/index.ts';

/** Enough of RTCPeerConnection for a Peer to start (these tests open no connection). */
class NoRTC { close(): void {} }

interface Running { port: number; key: string; close(): Promise<void> }

async function ours(): Promise<Running> {
  const server = createServer({ port: 0, host: '127.0.0.1', key: 'kitkey', allowDiscovery: false });
  await server.ready;
  return { port: (server.address() as AddressInfo).port, key: 'kitkey', close: () => server.close() };
}

/** A stock PeerServer in a child process (its timers never stop; killing the child ends them). */
async function stock(): Promise<Running> {
  const script = `import { PeerServer } from 'peer';
    PeerServer({ port: 0, host: '127.0.0.1', path: '/', key: 'stockkey', allow_discovery: false },
      (s) => console.log('LISTENING ' + s.address().port));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => { child.kill(); reject(new Error('stock PeerServer did not start')); }, 15000);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /LISTENING (\d+)/.exec(out);
      if (m) { clearTimeout(t); resolve(Number(m[1])); }
    });
  });
  return { port, key: 'stockkey', close: async () => { child.kill(); await onceEvent(child, 'exit'); } };
}

let seq = 0;
const uid = (p: string): string => `${p}${process.pid}n${seq++}`;

function options(s: Running, extra: PeerOptions = {}): PeerOptions {
  return {
    host: '127.0.0.1', port: s.port, path: '/', key: s.key, secure: false, config: { iceServers: [] },
    WebSocket: WebSocket as unknown as PeerOptions['WebSocket'], fetch: globalThis.fetch as PeerOptions['fetch'],
    RTCPeerConnection: NoRTC as unknown as PeerOptions['RTCPeerConnection'], ...extra,
  };
}

function once<T extends unknown[]>(peer: Peer, type: 'open' | 'error' | 'close', ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout waiting for ${type}`)), ms);
    peer.once(type, (...args: unknown[]) => { clearTimeout(t); resolve(args as T); });
  });
}

/** Unhandled rejections seen while `fn` runs (and a little after). */
async function unhandledDuring(fn: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown): void => { seen.push(reason); };
  process.on('unhandledRejection', onRejection);
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 50));
  } finally { process.off('unhandledRejection', onRejection); }
  return seen;
}

for (const [name, start] of [['ours', ours], ['stock PeerServer', stock]] as const) {
  describe(`core Peer in Node (${name}, discovery off)`, () => {
    let server: Running;
    before(async () => { server = await start(); });
    after(() => server.close());

    it('listAllPeers(cb) with the result ignored: 401 is emitted as server-error, no unhandled rejection, the Peer stays open', async () => {
      const peer = new Peer(uid('lp'), options(server));
      try {
        await once(peer, 'open');
        let called = false;
        const unhandled = await unhandledDuring(async () => {
          const errored = once<[PeerError]>(peer, 'error');
          peer.listAllPeers(() => { called = true; }); // PeerJS style: result ignored
          const [err] = await errored;
          assert.equal(err.type, 'server-error');
          assert.match(err.message, /401/);
        });
        assert.deepEqual(unhandled, []);
        assert.equal(called, false);
        assert.equal(peer.open, true);
        assert.equal(peer.state, 'open');
        // Awaiting the promise still sees the failure.
        await assert.rejects(peer.listAllPeers(), (e: PeerError) => e.type === 'server-error');
      } finally { peer.destroy(); }
    });

    it('a wrong key gives invalid-key and state failed', async () => {
      const peer = new Peer(uid('wk'), options(server, { key: 'wrong' }));
      const states: string[] = [];
      peer.on('state', (s) => states.push(s));
      const [err] = await once<[PeerError]>(peer, 'error');
      assert.equal(err.type, 'invalid-key');
      assert.equal(err.name, 'PeerError');
      assert.equal(peer.state, 'failed');
      assert.equal(peer.destroyed, true);
      assert.equal(peer.open, false);
      assert.deepEqual(states, ['failed']);
    });
  });
}
