/** Server: registration and relay per PROTOCOL.md §1.2–§1.4, with real `ws` clients. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { CloseCode, ErrorText, PROTOCOL_VERSION } from '../../src/protocol/index.ts';
import { dial, disconnected, join, startKit, wsUrl } from './server-helpers/kit.ts';

describe('server: registration', () => {
  let kit: Awaited<ReturnType<typeof startKit>>;
  before(async () => { kit = await startKit({ allowDiscovery: true, iceServers: [{ urls: 'turn:127.0.0.1:3478', username: 'u', credential: 'c' }] }); });
  after(() => kit.close());

  test('OPEN carries the p2p-kit payload (id, version, features, iceServers)', async () => {
    const c = await dial(wsUrl(kit.port, { key: 'peerjs', id: 'reg-a', token: 't1', version: '1.5.5' }));
    const open = await c.next();
    assert.deepEqual(open, { type: 'OPEN', payload: {
      server: 'p2p-kit', version: PROTOCOL_VERSION, id: 'reg-a', features: ['presence', 'rejected', 'reattach-open', 'rooms', 'discovery'],
      iceServers: [{ urls: 'turn:127.0.0.1:3478', username: 'u', credential: 'c' }] } });
    c.close();
    await c.closed;
  });

  test('each refusal sends ERROR with the exact PeerServer text, then closes with its code', async () => {
    const cases: [Record<string, string>, string, number][] = [
      [{ key: 'peerjs', id: 'x' }, ErrorText.MissingParams, CloseCode.PolicyViolation],
      [{ key: 'peerjs', token: 't' }, ErrorText.MissingParams, CloseCode.PolicyViolation],
      [{ id: 'x', token: 't' }, ErrorText.MissingParams, CloseCode.PolicyViolation],
      [{ key: 'nope', id: 'x', token: 't' }, ErrorText.InvalidKey, CloseCode.PolicyViolation],
      [{ key: 'peerjs', id: '../etc', token: 't' }, ErrorText.InvalidId, CloseCode.PolicyViolation],
      [{ key: 'peerjs', id: 'x'.repeat(129), token: 't' }, ErrorText.InvalidId, CloseCode.PolicyViolation],
      [{ key: 'peerjs', id: 'x', token: 't'.repeat(257) }, ErrorText.InvalidToken, CloseCode.PolicyViolation],
    ];
    for (const [q, msg, code] of cases) {
      const c = await dial(wsUrl(kit.port, q));
      assert.deepEqual(await c.next(), { type: 'ERROR', payload: { msg } }, JSON.stringify(q));
      assert.equal((await c.closed).code, code);
    }
  });

  test('relay is rebuilt as exactly {type,src,dst,payload} with src forced', async () => {
    const a = await join(kit, 'rel-a'), b = await join(kit, 'rel-b');
    for (const type of ['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE']) {
      a.send({ type, src: 'spoofed', dst: 'rel-b', payload: { connectionId: 'dc_1', type: 'data' }, extra: 1 });
      assert.deepEqual(await b.next(), { type, src: 'rel-a', dst: 'rel-b', payload: { connectionId: 'dc_1', type: 'data' } });
    }
    a.send({ type: 'CANDIDATE', dst: 'rel-b' });
    assert.deepEqual(await b.next(), { type: 'CANDIDATE', src: 'rel-a', dst: 'rel-b' }, 'payload omitted when absent');
    a.close(); b.close();
    await Promise.all([a.closed, b.closed]);
  });
});

/**
 * Registers `id` over a raw TCP socket, then sends a WebSocket close frame but never closes TCP:
 * the server's socket sits in CLOSING (as with a peer that vanished mid-close) while `id` is held.
 */
async function halfClosed(port: number, id: string): Promise<Socket> {
  const sock = connect({ port, host: '127.0.0.1', allowHalfOpen: true }); // keep TCP open after the server's FIN
  await once(sock, 'connect');
  sock.write(`GET /peerjs?key=peerjs&id=${id}&token=t HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n` +
    `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  await new Promise<void>((resolve) => {
    let got = '';
    const onData = (chunk: Buffer): void => {
      got += String(chunk);
      if (got.includes('"OPEN"')) { sock.off('data', onData); resolve(); }
    };
    sock.on('data', onData);
  });
  const mask = randomBytes(4), body = Buffer.from([0x03, 0xe8]); // close code 1000
  sock.write(Buffer.concat([Buffer.from([0x88, 0x80 | body.length]), mask, body.map((b, i) => b ^ mask[i % 4]!)]));
  await once(sock, 'data'); // the server's close frame: it is now CLOSING, the id still registered
  return sock;
}

describe('server: ids and lifecycle', () => {
  let kit: Awaited<ReturnType<typeof startKit>>;
  before(async () => { kit = await startKit(); });
  after(() => kit.close());

  test('a second token gets ID-TAKEN (4001); the holder is undisturbed', async () => {
    const a = await join(kit, 'taken-a');
    const thief = await dial(wsUrl(kit.port, { key: 'peerjs', id: 'taken-a', token: 'other' }));
    assert.deepEqual(await thief.next(), { type: 'ID-TAKEN', payload: { msg: ErrorText.IdTaken } });
    assert.equal((await thief.closed).code, CloseCode.IdTaken);
    const b = await join(kit, 'taken-b');
    b.send({ type: 'OFFER', dst: 'taken-a', payload: { n: 1 } });
    assert.equal((await a.next()).src, 'taken-b');
    a.close(); b.close();
  });

  test('same-token re-attach: new socket gets OPEN, old one closes with Replaced, relays follow', async () => {
    const events: string[] = [];
    // Only this test's ids: earlier tests' sockets may still be closing.
    const onConn = (c: { id: string }): void => { if (c.id.startsWith('reat-')) events.push(`connection:${c.id}`); };
    const onDisc = (c: { id: string }): void => { if (c.id.startsWith('reat-')) events.push(`disconnect:${c.id}`); };
    kit.on('connection', onConn).on('disconnect', onDisc);
    const old = await join(kit, 'reat-a');
    const fresh = await join(kit, 'reat-a'); // join() asserts OPEN
    assert.equal((await old.closed).code, CloseCode.Replaced);
    const b = await join(kit, 'reat-b');
    b.send({ type: 'OFFER', dst: 'reat-a' });
    assert.deepEqual(await fresh.next(), { type: 'OFFER', src: 'reat-b', dst: 'reat-a' });
    assert.deepEqual(events, ['connection:reat-a', 'connection:reat-a', 'connection:reat-b']);
    kit.off('connection', onConn).off('disconnect', onDisc);
    fresh.close(); b.close();
  });

  test('LEAVE without dst unregisters (socket closed 1000) and the id is free at once', async () => {
    const a = await join(kit, 'leave-a');
    const gone = disconnected(kit, 'leave-a');
    a.send({ type: 'LEAVE' });
    assert.equal((await a.closed).code, CloseCode.Normal);
    await gone;
    const again = await join(kit, 'leave-a', { token: 'a-new-token' });
    again.close();
  });

  test('closing frees the id immediately; LEAVE with dst is relayed, never queued', async () => {
    const a = await join(kit, 'close-a');
    const gone = disconnected(kit, 'close-a');
    a.close();
    await gone;
    const b = await join(kit, 'close-b');
    b.send({ type: 'LEAVE', dst: 'close-a' }); // offline: dropped (PeerServer never queues LEAVE/EXPIRE)
    b.send({ type: 'EXPIRE', dst: 'close-a' });
    b.send({ type: 'OFFER', dst: 'close-a', payload: { n: 2 } });
    const back = await join(kit, 'close-a', { token: 'new' });
    assert.deepEqual(await back.next(), { type: 'OFFER', src: 'close-b', dst: 'close-a', payload: { n: 2 } });
    b.send({ type: 'LEAVE', dst: 'close-a' });
    assert.deepEqual(await back.next(), { type: 'LEAVE', src: 'close-b', dst: 'close-a' });
    back.close(); b.close();
  });

  test('a relay to a peer whose socket is already closing frees its id and answers LEAVE', async () => {
    const half = await halfClosed(kit.port, 'dead-b');
    const a = await join(kit, 'dead-a');
    a.send({ type: 'OFFER', dst: 'dead-b' });
    assert.deepEqual(await a.next(), { type: 'LEAVE', src: 'dead-b', dst: 'dead-a' });
    const again = await join(kit, 'dead-b', { token: 'new' });
    half.destroy();
    a.close(); again.close();
  });

  test('message event reports every valid frame (HEARTBEAT too) with src set', async () => {
    const seen: unknown[] = [];
    const onMsg = (_c: unknown, m: unknown): void => { seen.push(m); };
    kit.on('message', onMsg);
    const a = await join(kit, 'msg-a'), b = await join(kit, 'msg-b');
    a.send({ type: 'HEARTBEAT' });
    a.send({ type: 'OFFER', dst: 'msg-b', payload: { k: 1 } });
    await b.next();
    kit.off('message', onMsg);
    assert.deepEqual(seen, [{ type: 'HEARTBEAT', src: 'msg-a' }, { type: 'OFFER', dst: 'msg-b', payload: { k: 1 }, src: 'msg-a' }]);
    a.close(); b.close();
  });

  test('keys are separate realms: same id under two keys, no relay across them', async () => {
    const multi = await startKit({ key: ['k1', 'k2'], expireTimeout: 100, cleanupOutMsgs: 20 });
    const a = await join(multi, 'same', { key: 'k1' });
    const b = await join(multi, 'same', { key: 'k2', token: 'other' });
    const c = await join(multi, 'c', { key: 'k2' });
    c.send({ type: 'OFFER', dst: 'same' });
    assert.equal((await b.next()).src, 'c');
    a.send({ type: 'OFFER', dst: 'c' }); // no 'c' under k1: queued there, then EXPIRE
    assert.deepEqual(await a.next(), { type: 'EXPIRE', src: 'c', dst: 'same' });
    assert.deepEqual(multi.peers('k2'), ['same', 'c']);
    await multi.close();
  });
});

describe('server: offline queue and EXPIRE', () => {
  let kit: Awaited<ReturnType<typeof startKit>>;
  before(async () => { kit = await startKit({ expireTimeout: 250, cleanupOutMsgs: 25 }); });
  after(() => kit.close());

  test('messages for an offline id are delivered in order after OPEN when it attaches', async () => {
    const a = await join(kit, 'q-a');
    for (let n = 1; n <= 3; n++) a.send({ type: 'CANDIDATE', dst: 'q-b', payload: { n } });
    a.send({ type: 'OFFER', dst: 'q-a' }); // to itself: once it is back, the three before it are queued
    assert.equal((await a.next()).dst, 'q-a');
    const b = await join(kit, 'q-b');
    for (let n = 1; n <= 3; n++) assert.deepEqual(await b.next(), { type: 'CANDIDATE', src: 'q-a', dst: 'q-b', payload: { n } });
    a.close(); b.close();
  });

  test('an expired queue sends exactly one EXPIRE per (src,dst) and then forgets the messages', async () => {
    const a = await join(kit, 'x-a'), c = await join(kit, 'x-c');
    const started = Date.now();
    a.send({ type: 'OFFER', dst: 'ghost' });
    a.send({ type: 'CANDIDATE', dst: 'ghost' });
    c.send({ type: 'OFFER', dst: 'ghost' });
    assert.deepEqual(await a.next(), { type: 'EXPIRE', src: 'ghost', dst: 'x-a' });
    assert.deepEqual(await c.next(), { type: 'EXPIRE', src: 'ghost', dst: 'x-c' });
    assert.ok(Date.now() - started >= 240, 'not before expireTimeout');
    const ghost = await join(kit, 'ghost');
    // Barrier: the next frame each client sees is this fresh relay, so no second EXPIRE / stale OFFER exists.
    c.send({ type: 'OFFER', dst: 'x-a', payload: { barrier: 1 } });
    assert.deepEqual(await a.next(), { type: 'OFFER', src: 'x-c', dst: 'x-a', payload: { barrier: 1 } });
    a.send({ type: 'OFFER', dst: 'ghost', payload: { barrier: 2 } });
    assert.deepEqual(await ghost.next(), { type: 'OFFER', src: 'x-a', dst: 'ghost', payload: { barrier: 2 } });
    a.close(); c.close(); ghost.close();
  });
});

describe('server: HEARTBEAT liveness', () => {
  test('only HEARTBEAT keeps a client; a silent one is closed (4002) and its id freed', async () => {
    const kit = await startKit({ aliveTimeout: 1500 }); // 30 beats per timeout: a loaded event loop cannot starve `beating`
    const beating = await join(kit, 'hb-a'), chatty = await join(kit, 'hb-b');
    const timer = setInterval(() => {
      beating.send({ type: 'HEARTBEAT' });
      chatty.send({ type: 'OFFER', dst: 'hb-a' }); // relays do not count as liveness
    }, 50);
    try {
      const closed = await chatty.closed;
      assert.equal(closed.code, CloseCode.Timeout);
      assert.equal(beating.ws.readyState, beating.ws.OPEN);
      assert.deepEqual(kit.peers(), ['hb-a']);
      const back = await join(kit, 'hb-b', { token: 'fresh' });
      back.close();
    } finally {
      clearInterval(timer);
      beating.close();
      await kit.close();
    }
  });
});
