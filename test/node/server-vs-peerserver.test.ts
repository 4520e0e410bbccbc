/**
 * Differential test: the same client script against a stock PeerServer (npm `peer` 1.0.2) and
 * ours must produce the same frames (OPEN's extra payload aside), so PeerJS apps can't tell.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { WAIT_MS, dial, get, startKit, wsUrl, type Frame, type TestClient } from './server-helpers/kit.ts';

interface Target { name: string; port: number; close(): Promise<void> }

/**
 * Stock PeerServer in a child process: `peer` 1.0.2 starts timers it never stops, which would keep
 * this test file's process alive forever; killing the child ends them.
 */
async function stock(): Promise<Target> {
  const script = `import { PeerServer } from 'peer';
    PeerServer({ port: 0, host: '127.0.0.1', key: 'peerjs', expire_timeout: 200, cleanup_out_msgs: 20 },
      (s) => console.log('PORT ' + s.address().port));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('stock PeerServer did not start')), WAIT_MS * 3);
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m) { clearTimeout(t); resolve(Number(m[1])); }
    });
  });
  return { name: 'stock', port, close: async () => { child.kill(); await once(child, 'exit'); } };
}

/** OPEN without our payload, so both servers' frames compare equal. */
const plain = (f: Frame): Frame => (f.type === 'OPEN' ? { type: 'OPEN' } : f);

async function open(t: Target, id: string, token = 't'): Promise<TestClient> {
  const c = await dial(wsUrl(t.port, { key: 'peerjs', id, token }));
  assert.deepEqual(plain(await c.next()), { type: 'OPEN' }, t.name);
  return c;
}

/** Runs `script` against both servers and compares what it returns. */
async function same<T>(targets: Target[], script: (t: Target) => Promise<T>): Promise<void> {
  const [a, b] = await Promise.all(targets.map(script));
  assert.deepEqual(b, a);
}

describe('server vs stock PeerServer 1.0.2', () => {
  let targets: Target[];
  before(async () => {
    const kit = await startKit({ expireTimeout: 200, cleanupOutMsgs: 20 });
    targets = [await stock(), { name: 'kit', port: kit.port, close: () => kit.close() }];
  });
  after(() => Promise.all(targets.map((t) => t.close())));

  test('refusals: missing params, bad key, id taken — same frames', async () => {
    await same(targets, async (t) => {
      const frames: Frame[] = [];
      for (const q of [{ key: 'peerjs', id: 'm' }, { key: 'bad', id: 'm', token: 't' }] as Record<string, string>[]) {
        const c = await dial(wsUrl(t.port, q));
        frames.push(await c.next());
        await c.closed;
      }
      const holder = await open(t, 'vs-taken');
      const thief = await dial(wsUrl(t.port, { key: 'peerjs', id: 'vs-taken', token: 'other' }));
      frames.push(await thief.next());
      await thief.closed;
      holder.close();
      return frames;
    });
  });

  test('relays: rebuilt {type,src,dst,payload}, src forced, unknown fields dropped', async () => {
    await same(targets, async (t) => {
      const a = await open(t, 'vs-a'), b = await open(t, 'vs-b');
      const out: Frame[] = [];
      for (const type of ['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE']) {
        a.send({ type, src: 'mallory', dst: 'vs-b', payload: { sdp: { type: 'offer', sdp: 'v=0' }, connectionId: 'dc_1' }, x: 1 });
        out.push(await b.next());
      }
      a.close(); b.close();
      await Promise.all([a.closed, b.closed]);
      return out;
    });
  });

  test('offline queue: delivered on attach; EXPIRE once per sender after expire_timeout', async () => {
    await same(targets, async (t) => {
      const a = await open(t, 'vs-q');
      a.send({ type: 'OFFER', dst: 'vs-later', payload: { n: 1 } });
      a.send({ type: 'OFFER', dst: 'vs-q', payload: { self: true } }); // barrier: the first one is queued
      await a.next();
      const later = await open(t, 'vs-later');
      const delivered = await later.next();
      a.send({ type: 'OFFER', dst: 'vs-never', payload: { n: 2 } });
      a.send({ type: 'CANDIDATE', dst: 'vs-never', payload: { n: 3 } });
      const expired = await a.next();
      a.close(); later.close();
      return [delivered, expired];
    });
  });

  test('HTTP: {key}/id is text/html, {key}/peers is 401 without discovery', async () => {
    await same(targets, async (t) => {
      const id = await get(t.port, '/peerjs/id');
      const peers = await get(t.port, '/peerjs/peers');
      return { id: [id.status, id.type.split(';')[0], /^[0-9a-f-]{36}$/.test(id.body)], peers: peers.status };
    });
  });
});
