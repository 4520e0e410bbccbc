/** Server: registration and relay per PROTOCOL.md §1.2–§1.4, with real `ws` clients. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloseCode, ErrorText, PROTOCOL_VERSION } from '../../src/protocol/index.ts';
import { dial, join, startKit, wsUrl } from './server-helpers/kit.ts';

describe('server: registration', () => {
  let kit: Awaited<ReturnType<typeof startKit>>;
  before(async () => { kit = await startKit({ iceServers: [{ urls: 'turn:127.0.0.1:3478', username: 'u', credential: 'c' }] }); });
  after(() => kit.close());

  test('OPEN carries the p2p-kit payload (id, version, features, iceServers)', async () => {
    const c = await dial(wsUrl(kit.port, { key: 'peerjs', id: 'reg-a', token: 't1', version: '1.5.5' }));
    const open = await c.next();
    assert.deepEqual(open, { type: 'OPEN', payload: {
      server: 'p2p-kit', version: PROTOCOL_VERSION, id: 'reg-a', features: ['presence', 'rejected', 'reattach-open'],
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
