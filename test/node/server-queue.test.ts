/**
 * Server: memory stays bounded without hurting anyone. A slow reader's excess is refused to the
 * sender (its socket stays), the offline queue is capped in bytes per destination and in total,
 * and a heartbeat timeout cleans up after the silent client (queue, presence).
 */
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloseCode, KIT_PARAM, KIT_PARAM_VERSION, RejectText } from '../../src/protocol/index.ts';
import { disconnected, join, startKit, untilBarrier, type Frame } from './server-helpers/kit.ts';

const KIT = { [KIT_PARAM]: KIT_PARAM_VERSION };
const queueFull = { type: 'P2PKIT-REJECTED', payload: { code: 'queue-full', msg: RejectText['queue-full'], type: 'OFFER' } };

/** Serialized size of the relay the server stores for `payload`. */
const relayBytes = (src: string, dst: string, payload: object): number =>
  Buffer.byteLength(JSON.stringify({ type: 'OFFER', src, dst, payload }));

describe('server: slow reader', () => {
  test('a reader whose send buffer is over the cap: the sender gets queue-full, the reader keeps its socket', async (t) => {
    const kit = await startKit({ limits: { maxQueuedBytesPerDestination: 64 * 1024, messagesPerSecond: 10000, messageBurst: 10000 } });
    t.after(() => kit.close());
    const reader = await join(kit, 'sr-reader'), writer = await join(kit, 'sr-writer', KIT);
    // A paused socket never sees the server's close: end both here, or a failed assertion keeps the process alive.
    t.after(() => { reader.ws.resume(); reader.ws.terminate(); writer.ws.terminate(); });
    reader.ws.pause(); // stop reading the socket: the kernel buffers fill, then the server's send buffer grows
    const pad = randomBytes(24 * 1024).toString('base64'); // 32 KiB, incompressible
    let sent = 0;
    const refused: Frame[] = [];
    // Loopback kernel buffers take a few MiB; 32 MiB bounds the test if the cap never triggers.
    while (refused.length === 0 && sent < 1024) {
      for (let i = 0; i < 32; i++) writer.send({ type: 'OFFER', dst: 'sr-reader', payload: { n: sent++, pad } });
      refused.push(...(await untilBarrier(writer, 'sr-writer')));
    }
    assert.ok(refused.length > 0, `no queue-full after ${sent} frames`);
    for (const f of refused) assert.deepEqual(f, queueFull);
    assert.ok(kit.peers().includes('sr-reader'), 'the slow reader is still registered');
    reader.ws.resume();
    let last = -1;
    for (let received = 0; received < sent - refused.length; received++) { // every frame not refused arrives, in order
      const n = (await reader.next()).payload?.n as number;
      assert.ok(n > last, `frame ${n} after ${last}`);
      last = n;
    }
    writer.send({ type: 'OFFER', dst: 'sr-reader', payload: { after: true } });
    assert.deepEqual((await reader.next()).payload, { after: true }, 'drained: relays flow again');
    assert.equal(reader.ws.readyState, reader.ws.OPEN);
    reader.close(); writer.close();
  });
});

describe('server: offline queue caps', () => {
  test('per-destination byte cap: a frame that would overflow it is refused, a smaller one still fits', async (t) => {
    const big = { pad: 'x'.repeat(400) }, small = { pad: 'y' };
    const cap = 2 * relayBytes('qb-a', 'qb-off', big) + relayBytes('qb-a', 'qb-off', small);
    const kit = await startKit({ limits: { maxQueuedPerDestination: 100, maxQueuedBytesPerDestination: cap } });
    t.after(() => kit.close());
    const a = await join(kit, 'qb-a', KIT);
    for (const p of [big, big, big, small]) a.send({ type: 'OFFER', dst: 'qb-off', payload: p });
    assert.deepEqual(await untilBarrier(a, 'qb-a'), [queueFull], 'only the third (big) one is refused');
    const late = await join(kit, 'qb-off');
    for (const p of [big, big, small]) assert.deepEqual((await late.next()).payload, p);
    a.close(); late.close();
  });

  test('maxQueuedBytesTotal caps all queues together; delivering a queue frees its share', async (t) => {
    const p = { pad: 'z'.repeat(400) }, one = relayBytes('qt-a', 'qt-d1', p);
    const kit = await startKit({ limits: { maxQueuedBytesPerDestination: 10 * one, maxQueuedBytesTotal: 3 * one } });
    t.after(() => kit.close());
    const a = await join(kit, 'qt-a', KIT);
    for (const dst of ['qt-d1', 'qt-d1', 'qt-d2', 'qt-d2']) a.send({ type: 'OFFER', dst, payload: p });
    assert.deepEqual(await untilBarrier(a, 'qt-a'), [queueFull], 'the fourth exceeds the total');
    const d1 = await join(kit, 'qt-d1');
    assert.equal((await d1.next()).dst, 'qt-d1');
    assert.equal((await d1.next()).dst, 'qt-d1');
    a.send({ type: 'OFFER', dst: 'qt-d2', payload: p });
    assert.deepEqual(await untilBarrier(a, 'qt-a'), [], 'room again once qt-d1 took its queue');
    const d2 = await join(kit, 'qt-d2');
    assert.equal((await d2.next()).dst, 'qt-d2');
    assert.equal((await d2.next()).dst, 'qt-d2');
    for (const c of [a, d1, d2]) c.close();
  });
});

describe('server: heartbeat timeout', () => {
  test('a silent client is closed (4002), subscribers get its leave, and its id comes back clean', async (t) => {
    const kit = await startKit({ aliveTimeout: 1000 });
    t.after(() => kit.close());
    const watcher = await join(kit, 'ht-watch', KIT), silent = await join(kit, 'ht-silent', KIT);
    const beat = setInterval(() => watcher.send({ type: 'HEARTBEAT' }), 50);
    try {
      silent.send({ type: 'P2PKIT-PRESENCE', payload: { discoverable: true } });
      await untilBarrier(silent, 'ht-silent');
      watcher.send({ type: 'P2PKIT-PRESENCE', payload: { subscribe: true } });
      assert.deepEqual((await watcher.next('P2PKIT-PRESENCE')).payload, { event: 'snapshot', peers: [{ id: 'ht-silent' }] });
      const gone = disconnected(kit, 'ht-silent');
      assert.equal((await silent.closed).code, CloseCode.Timeout);
      await gone;
      assert.deepEqual((await watcher.next('P2PKIT-PRESENCE')).payload, { event: 'leave', id: 'ht-silent' });
      assert.deepEqual(kit.peers(), ['ht-watch']);
      // Free at once for any token, with nothing left queued for it from before.
      const back = await join(kit, 'ht-silent', { token: 'fresh', ...KIT });
      assert.deepEqual(await untilBarrier(back, 'ht-silent'), []);
      back.close();
    } finally {
      clearInterval(beat);
      watcher.close();
    }
  });
});
