/**
 * Server: bad input and abuse. Each per-frame problem is answered with P2PKIT-REJECTED (to p2p-kit
 * clients; stock ones get PeerServer's silence) and the socket stays open; fatal ones get ERROR + a documented close code; no peer can hurt another.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloseCode, ErrorText, KIT_PARAM, KIT_PARAM_VERSION, RejectText } from '../../src/protocol/index.ts';
import { dial, disconnected, join, startKit, wsUrl, type TestClient } from './server-helpers/kit.ts';

/** Query a p2p-kit client adds to its WebSocket URL: only such clients are sent P2PKIT-REJECTED. */
const KIT = { [KIT_PARAM]: KIT_PARAM_VERSION };

/** Proves `a` is still registered and its socket usable: a relay from `b` arrives. */
async function stillWorks(a: TestClient, aId: string, b: TestClient): Promise<void> {
  b.send({ type: 'OFFER', dst: aId, payload: { ping: 1 } });
  const f = await a.next();
  assert.equal(f.type, 'OFFER');
  assert.deepEqual(f.payload, { ping: 1 });
}

describe('server: per-frame rejections keep the socket open', () => {
  let kit: Awaited<ReturnType<typeof startKit>>;
  before(async () => { kit = await startKit({ limits: { maxQueuedPerDestination: 2, maxJsonDepth: 8 } }); });
  after(() => kit.close());

  test('each bad frame gets its RejectText code and message (with the frame type when known)', async () => {
    const a = await join(kit, 'rj-a', KIT), b = await join(kit, 'rj-b');
    const cases: [string | Buffer, string, string?][] = [
      ['not json', 'invalid-json'],
      [Buffer.from([1, 2, 3]), 'binary-frame'],
      ['{"a":' + '['.repeat(20) + ']'.repeat(20) + '}', 'too-deep'],
      ['[1,2]', 'invalid-message'],
      ['{"type":"OFFER","dst":"rj-b","payload":"str"}', 'invalid-message', 'OFFER'],
      ['{"type":"PING"}', 'unknown-type', 'PING'],
      ['{"type":"OFFER","payload":{}}', 'missing-dst', 'OFFER'],
      ['{"type":"ANSWER","dst":"no/such id"}', 'invalid-dst', 'ANSWER'],
    ];
    for (const [frame, code, type] of cases) {
      a.ws.send(frame);
      assert.deepEqual(await a.next(), { type: 'P2PKIT-REJECTED', payload: {
        code, msg: RejectText[code as keyof typeof RejectText], ...(type ? { type } : {}) } }, String(frame));
    }
    await stillWorks(a, 'rj-a', b);
    a.close(); b.close();
  });

  test('queue-full: a destination queue is capped; the sender is told, nothing else changes', async () => {
    const a = await join(kit, 'qf-a', KIT);
    for (let n = 0; n < 3; n++) a.send({ type: 'OFFER', dst: 'qf-offline', payload: { n } });
    assert.deepEqual(await a.next(), { type: 'P2PKIT-REJECTED', payload: { code: 'queue-full', msg: RejectText['queue-full'], type: 'OFFER' } });
    const late = await join(kit, 'qf-offline');
    assert.deepEqual((await late.next()).payload, { n: 0 });
    assert.deepEqual((await late.next()).payload, { n: 1 });
    a.close(); late.close();
  });
});

describe('server: rate limit and flooding', () => {
  test('over the token bucket: rate-limited rejections, then ERROR + 1008 for a sustained flood', async () => {
    const kit = await startKit({ limits: { messagesPerSecond: 1, messageBurst: 3, maxRejectedInARow: 5 } });
    const a = await join(kit, 'fl-a', KIT), b = await join(kit, 'fl-b');
    for (let i = 0; i < 3; i++) a.send({ type: 'CANDIDATE', dst: 'fl-b', payload: { i } });
    for (let i = 0; i < 3; i++) assert.deepEqual((await b.next()).payload, { i });
    a.send({ type: 'CANDIDATE', dst: 'fl-b' });
    assert.deepEqual(await a.next(), { type: 'P2PKIT-REJECTED', payload: { code: 'rate-limited', msg: RejectText['rate-limited'] } });
    const gone = disconnected(kit, 'fl-a');
    for (let i = 0; i < 10; i++) a.send({ type: 'CANDIDATE', dst: 'fl-b' });
    for (let i = 0; i < 4; i++) assert.equal((await a.next()).payload?.code, 'rate-limited');
    assert.deepEqual(await a.next(), { type: 'ERROR', payload: { msg: ErrorText.Flooding } });
    assert.equal((await a.closed).code, CloseCode.PolicyViolation);
    await gone;
    assert.deepEqual(kit.peers(), ['fl-b'], 'the flooder is gone, its target stays');
    assert.equal(b.ws.readyState, b.ws.OPEN);
    b.close();
    await kit.close();
  });
});

describe('server: connection limits', () => {
  test('oversized frame closes only the sender with 1009', async () => {
    const kit = await startKit({ limits: { maxFrameBytes: 1024 } });
    const a = await join(kit, 'big-a'), b = await join(kit, 'big-b'), c = await join(kit, 'big-c');
    a.send({ type: 'OFFER', dst: 'big-b', payload: { pad: 'x'.repeat(2000) } });
    assert.equal((await a.closed).code, CloseCode.TooBig);
    await stillWorks(b, 'big-b', c);
    b.close(); c.close();
    await kit.close();
  });

  test('max sockets per address (X-Forwarded-For when proxied), freed on close', async () => {
    const kit = await startKit({ proxied: true, limits: { maxSocketsPerAddress: 2 } });
    const url = (id: string): string => wsUrl(kit.port, { key: 'peerjs', id, token: 't' });
    const xff = { 'X-Forwarded-For': '203.0.113.9, 198.51.100.7' }; // last entry: the one our proxy saw
    const one = await dial(url('pa-1'), xff), two = await dial(url('pa-2'), xff);
    assert.equal((await one.next()).type, 'OPEN');
    assert.equal((await two.next()).type, 'OPEN');
    const three = await dial(url('pa-3'), { 'X-Forwarded-For': '10.9.9.9, 198.51.100.7' });
    assert.deepEqual(await three.next(), { type: 'ERROR', payload: { msg: ErrorText.TooManyFromAddress } });
    assert.equal((await three.closed).code, CloseCode.TryAgainLater);
    const other = await dial(url('pa-4'), { 'X-Forwarded-For': '198.51.100.8' });
    assert.equal((await other.next()).type, 'OPEN', 'another address is not affected');
    const freed = disconnected(kit, 'pa-1');
    one.close();
    await freed;
    const again = await dial(url('pa-5'), xff);
    assert.equal((await again.next()).type, 'OPEN');
    for (const c of [two, other, again]) c.close();
    await kit.close();
  });

  test('origin allow-list: a foreign page is refused (1008); listed and Origin-less clients pass', async () => {
    const kit = await startKit({ allowOrigin: ['https://app.example'] });
    const url = (id: string): string => wsUrl(kit.port, { key: 'peerjs', id, token: 't' });
    const evil = await dial(url('or-1'), { Origin: 'https://evil.example' });
    assert.deepEqual(await evil.next(), { type: 'ERROR', payload: { msg: ErrorText.OriginNotAllowed } });
    assert.equal((await evil.closed).code, CloseCode.PolicyViolation);
    const good = await dial(url('or-2'), { Origin: 'https://app.example' });
    assert.equal((await good.next()).type, 'OPEN');
    const cli = await dial(url('or-3'));
    assert.equal((await cli.next()).type, 'OPEN');
    good.close(); cli.close();
    await kit.close();
  });

  test('concurrent limit: ERROR with PeerServer text and 1013', async () => {
    const kit = await startKit({ concurrentLimit: 1 });
    const a = await join(kit, 'cl-a');
    const b = await dial(wsUrl(kit.port, { key: 'peerjs', id: 'cl-b', token: 't' }));
    assert.deepEqual(await b.next(), { type: 'ERROR', payload: { msg: ErrorText.ConcurrentLimit } });
    assert.equal((await b.closed).code, CloseCode.TryAgainLater);
    a.close();
    await kit.close();
  });
});
