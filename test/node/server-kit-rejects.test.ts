/**
 * Server: P2PKIT-REJECTED goes only to clients that announced themselves with `kit=1` in the
 * WebSocket URL (as the p2p-kit core does). Stock PeerJS clients get PeerServer's behaviour: the
 * frame is silently dropped and the socket goes on.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KIT_PARAM, KIT_PARAM_VERSION, RejectText, isKitClient, socketUrl } from '../../src/protocol/index.ts';
import { join, startKit, untilBarrier } from './server-helpers/kit.ts';

const KIT = { [KIT_PARAM]: KIT_PARAM_VERSION };

describe('server: REJECTED only to p2p-kit clients', () => {
  let kit: Awaited<ReturnType<typeof startKit>>;
  before(async () => { kit = await startKit({ limits: { maxQueuedPerDestination: 1 } }); });
  after(() => kit.close());

  test('the core URL carries kit=1; the server recognises only a positive integer', () => {
    const url = new URL(socketUrl({ secure: false, host: 'h', port: 1, path: '/', key: 'peerjs' }, 'a', 't', '1.5.5'));
    assert.equal(url.searchParams.get(KIT_PARAM), KIT_PARAM_VERSION);
    assert.equal(isKitClient(url.searchParams), true);
    for (const q of ['', 'kit=', 'kit=0', 'kit=yes', 'kit=-1', 'kit=99999']) {
      assert.equal(isKitClient(new URLSearchParams(q)), false, q);
    }
  });

  test('a kit client gets REJECTED for an unknown type and stays connected', async () => {
    const a = await join(kit, 'kr-kit', KIT);
    a.send({ type: 'PING' });
    assert.deepEqual(await untilBarrier(a, 'kr-kit'),
      [{ type: 'P2PKIT-REJECTED', payload: { code: 'unknown-type', msg: RejectText['unknown-type'], type: 'PING' } }]);
    a.close();
  });

  test('a stock client gets nothing for bad frames or a full queue, and stays connected', async () => {
    const a = await join(kit, 'kr-stock'), b = await join(kit, 'kr-peer');
    for (const frame of ['{"type":"PING"}', 'not json', Buffer.from([1, 2]), '{"type":"OFFER","payload":{}}', '{"type":"ANSWER","dst":"no/such"}']) {
      a.ws.send(frame);
    }
    a.send({ type: 'OFFER', dst: 'kr-offline', payload: { n: 0 } });
    a.send({ type: 'OFFER', dst: 'kr-offline', payload: { n: 1 } }); // over maxQueuedPerDestination
    assert.deepEqual(await untilBarrier(a, 'kr-stock'), []);
    a.send({ type: 'HEARTBEAT' });
    a.send({ type: 'CANDIDATE', dst: 'kr-peer', payload: { still: 'here' } });
    assert.deepEqual(await b.next(), { type: 'CANDIDATE', src: 'kr-stock', dst: 'kr-peer', payload: { still: 'here' } });
    assert.equal(a.ws.readyState, a.ws.OPEN);
    assert.ok(kit.peers().includes('kr-stock'));
    a.close(); b.close();
  });

  test('the flag follows the socket on a same-token re-attach', async () => {
    const first = await join(kit, 'kr-move');
    const second = await join(kit, 'kr-move', KIT);
    await first.closed;
    second.send({ type: 'PING' });
    assert.equal((await untilBarrier(second, 'kr-move')).length, 1);
    const third = await join(kit, 'kr-move');
    await second.closed;
    third.send({ type: 'PING' });
    assert.deepEqual(await untilBarrier(third, 'kr-move'), []);
    third.close();
  });
});
