/**
 * Server: live presence (P2PKIT-PRESENCE). Subscribers of the same key get a snapshot, then
 * join/update/leave; clients that never opt in (stock PeerJS) never see the type.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RejectText } from '../../src/protocol/index.ts';
import { join, startKit, type TestClient } from './server-helpers/kit.ts';

const P = 'P2PKIT-PRESENCE';
const presence = (payload: object): object => ({ type: P, payload });

/** Proves nothing is pending before a fresh relay from `from` (frames on one socket keep their order). */
async function nothingPending(c: TestClient, id: string, from: TestClient): Promise<void> {
  from.send({ type: 'OFFER', dst: id, payload: { barrier: true } });
  const f = await c.next();
  assert.equal(f.type, 'OFFER', `expected only the barrier, got ${JSON.stringify(f)}`);
}

/** Waits until the server handled everything `c` sent so far (a relay to itself comes back). */
async function settled(c: TestClient, id: string): Promise<void> {
  c.send({ type: 'OFFER', dst: id, payload: { settled: true } });
  assert.deepEqual((await c.next('OFFER')).payload, { settled: true });
}

describe('server: presence', () => {
  let kit: Awaited<ReturnType<typeof startKit>>;
  before(async () => { kit = await startKit({ key: ['peerjs', 'other'], limits: { maxMetadataBytes: 64 } }); });
  after(() => kit.close());

  test('snapshot on subscribe, then join / update / leave; never to non-subscribers or other keys', async () => {
    const early = await join(kit, 'pr-early');
    early.send({ type: P, payload: { discoverable: true, metadata: { name: 'Early' } } });
    await settled(early, 'pr-early');
    const watcher = await join(kit, 'pr-watch');
    const stock = await join(kit, 'pr-stock'); // never sends P2PKIT-PRESENCE, like a PeerJS client
    const foreign = await join(kit, 'pr-foreign', { key: 'other' });
    foreign.send({ type: P, payload: { subscribe: true } });
    assert.deepEqual(await foreign.next(), presence({ event: 'snapshot', peers: [] }), 'other key sees nobody');

    watcher.send({ type: P, payload: { subscribe: true } });
    assert.deepEqual(await watcher.next(), presence({ event: 'snapshot', peers: [{ id: 'pr-early', metadata: { name: 'Early' } }] }));

    const bo = await join(kit, 'pr-bo');
    bo.send({ type: P, payload: { discoverable: true, metadata: { name: 'Bo' } } });
    assert.deepEqual(await watcher.next(), presence({ event: 'join', peer: { id: 'pr-bo', metadata: { name: 'Bo' } } }));
    bo.send({ type: P, payload: { metadata: { name: 'Bo 2' } } });
    assert.deepEqual(await watcher.next(), presence({ event: 'update', peer: { id: 'pr-bo', metadata: { name: 'Bo 2' } } }));
    bo.send({ type: P, payload: { metadata: { name: 'Bo 2' } } }); // unchanged: no event
    bo.send({ type: P, payload: { discoverable: false } });
    assert.deepEqual(await watcher.next(), presence({ event: 'leave', id: 'pr-bo' }));
    bo.send({ type: P, payload: { discoverable: true } });
    assert.deepEqual(await watcher.next(), presence({ event: 'join', peer: { id: 'pr-bo', metadata: { name: 'Bo 2' } } }));
    bo.close();
    assert.deepEqual(await watcher.next(), presence({ event: 'leave', id: 'pr-bo' }), 'closing leaves');
    early.send({ type: 'LEAVE' });
    assert.deepEqual(await watcher.next(), presence({ event: 'leave', id: 'pr-early' }), 'LEAVE leaves');

    await nothingPending(stock, 'pr-stock', watcher);
    await nothingPending(watcher, 'pr-watch', stock);
    const other2 = await join(kit, 'pr-other2', { key: 'other' });
    await nothingPending(foreign, 'pr-foreign', other2);
    for (const c of [watcher, stock, foreign, other2]) c.close();
  });

  test('unsubscribe stops events; oversized metadata is refused and changes nothing', async () => {
    const w = await join(kit, 'pu-w'), x = await join(kit, 'pu-x', { kit: '1' }); // kit=1: may be sent REJECTED
    w.send({ type: P, payload: { subscribe: true } });
    assert.equal((await w.next()).payload?.event, 'snapshot');
    x.send({ type: P, payload: { discoverable: true, metadata: { name: 'x'.repeat(100) } } });
    assert.deepEqual(await x.next(), { type: 'P2PKIT-REJECTED', payload: { code: 'metadata-too-big', msg: RejectText['metadata-too-big'], type: P } });
    x.send({ type: P, payload: { discoverable: true, metadata: { name: 'X' } } });
    assert.deepEqual(await w.next(), presence({ event: 'join', peer: { id: 'pu-x', metadata: { name: 'X' } } }));
    w.send({ type: P, payload: { subscribe: false } });
    await settled(w, 'pu-w');
    x.send({ type: P, payload: { metadata: { name: 'X2' } } });
    await nothingPending(w, 'pu-w', x);
    w.close(); x.close();
  });

  test('a same-token re-attach keeps presence state: fresh snapshot, no leave/join churn', async () => {
    const w = await join(kit, 'ra-w'), x = await join(kit, 'ra-x');
    w.send({ type: P, payload: { subscribe: true } });
    assert.equal((await w.next()).payload?.event, 'snapshot');
    x.send({ type: P, payload: { discoverable: true, subscribe: true } });
    assert.deepEqual(await w.next(), presence({ event: 'join', peer: { id: 'ra-x' } }));
    assert.equal((await x.next()).payload?.event, 'snapshot');
    const x2 = await join(kit, 'ra-x'); // same token: replaces x
    assert.deepEqual(await x2.next(), presence({ event: 'snapshot', peers: [] }), 'still subscribed');
    await nothingPending(w, 'ra-w', x2); // no leave/join for ra-x
    w.close(); x2.close();
  });
});
