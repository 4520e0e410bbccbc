/**
 * One behaviour suite for both stores. `nodes()` gives two servers: the same in-memory server twice,
 * or two nodes sharing one Redis, so with Redis every test crosses nodes (peer A on node 0, B on 1).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloseCode, ErrorText } from '../../../src/protocol/index.ts';
import { dial, disconnected, get, join, wsUrl, type TestClient } from './kit.ts';
import type { startKit } from './kit.ts';

type Kit = Awaited<ReturnType<typeof startKit>>;
const P = 'P2PKIT-PRESENCE';

/** Registers `id` on `node`, retrying while another node's release of it is still on its way. */
export async function joinEventually(node: Kit, id: string, token: string): Promise<TestClient> {
  for (let i = 0; i < 50; i++) {
    const c = await dial(wsUrl(node.port, { key: 'peerjs', id, token }));
    const f = await c.next();
    if (f.type === 'OPEN') return c;
    await c.closed;
  }
  throw new Error(`${id} never became free`);
}

export function storeSuite(name: string, nodes: () => [Kit, Kit]): void {
  describe(`store behaviour (${name})`, () => {
    test('relays are rebuilt as {type,src,dst,payload} between peers on different nodes', async () => {
      const [n0, n1] = nodes();
      const a = await join(n0, `${name}-rel-a`), b = await join(n1, `${name}-rel-b`);
      for (const type of ['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE']) {
        a.send({ type, src: 'spoofed', dst: `${name}-rel-b`, payload: { connectionId: 'dc_1', type: 'data' }, extra: 1 });
        assert.deepEqual(await b.next(), { type, src: `${name}-rel-a`, dst: `${name}-rel-b`, payload: { connectionId: 'dc_1', type: 'data' } });
      }
      for (let n = 0; n < 20; n++) b.send({ type: 'CANDIDATE', dst: `${name}-rel-a`, payload: { n } });
      for (let n = 0; n < 20; n++) assert.equal((await a.next()).payload?.n, n, 'order kept');
      a.close(); b.close();
    });

    test('an id is taken on every node; a same-token re-attach elsewhere replaces the old socket', async () => {
      const [n0, n1] = nodes();
      const id = `${name}-taken`;
      const a = await join(n0, id);
      const thief = await dial(wsUrl(n1.port, { key: 'peerjs', id, token: 'other' }));
      assert.deepEqual(await thief.next(), { type: 'ID-TAKEN', payload: { msg: ErrorText.IdTaken } });
      assert.equal((await thief.closed).code, CloseCode.IdTaken);
      const fresh = await join(n1, id); // same token (tok-<id>)
      assert.equal((await a.closed).code, CloseCode.Replaced);
      const b = await join(n0, `${name}-taken-b`);
      b.send({ type: 'OFFER', dst: id, payload: { k: 1 } });
      assert.deepEqual(await fresh.next(), { type: 'OFFER', src: `${name}-taken-b`, dst: id, payload: { k: 1 } });
      const gone = disconnected(n1, id);
      fresh.close();
      await gone;
      (await joinEventually(n0, id, 'a-new-token')).close();
      b.close();
    });

    test('the offline queue is delivered in order on whichever node the peer attaches', async () => {
      const [n0, n1] = nodes();
      const a = await join(n0, `${name}-q-a`);
      for (let n = 1; n <= 3; n++) a.send({ type: 'CANDIDATE', dst: `${name}-q-b`, payload: { n } });
      a.send({ type: 'OFFER', dst: `${name}-q-a` }); // comes back once the three before it are stored
      assert.equal((await a.next()).dst, `${name}-q-a`);
      const b = await join(n1, `${name}-q-b`);
      for (let n = 1; n <= 3; n++) assert.deepEqual(await b.next(), { type: 'CANDIDATE', src: `${name}-q-a`, dst: `${name}-q-b`, payload: { n } });
      a.close(); b.close();
    });

    test('an expired queue sends one EXPIRE per sender, to senders on any node', async () => {
      const [n0, n1] = nodes();
      const a = await join(n0, `${name}-x-a`), c = await join(n1, `${name}-x-c`);
      const ghost = `${name}-ghost`;
      a.send({ type: 'OFFER', dst: ghost });
      a.send({ type: 'CANDIDATE', dst: ghost });
      c.send({ type: 'OFFER', dst: ghost });
      assert.deepEqual(await a.next(), { type: 'EXPIRE', src: ghost, dst: `${name}-x-a` });
      assert.deepEqual(await c.next(), { type: 'EXPIRE', src: ghost, dst: `${name}-x-c` });
      const g = await join(n1, ghost);
      c.send({ type: 'OFFER', dst: `${name}-x-a`, payload: { barrier: 1 } });
      assert.deepEqual(await a.next(), { type: 'OFFER', src: `${name}-x-c`, dst: `${name}-x-a`, payload: { barrier: 1 } }, 'no second EXPIRE');
      a.send({ type: 'OFFER', dst: ghost, payload: { barrier: 2 } });
      assert.deepEqual((await g.next()).payload, { barrier: 2 }, 'the expired messages are gone');
      a.close(); c.close(); g.close();
    });

    test('presence: snapshot and join/update/leave span the nodes', async () => {
      const [n0, n1] = nodes();
      const early = await join(n1, `${name}-pr-early`);
      early.send({ type: P, payload: { discoverable: true, metadata: { name: 'Early' } } });
      early.send({ type: 'OFFER', dst: `${name}-pr-early` });
      await early.next('OFFER');
      const w = await join(n0, `${name}-pr-w`);
      w.send({ type: P, payload: { subscribe: true } });
      const snap = await w.next();
      assert.deepEqual(snap.payload, { event: 'snapshot', peers: [{ id: `${name}-pr-early`, metadata: { name: 'Early' } }] });
      const bo = await join(n1, `${name}-pr-bo`);
      bo.send({ type: P, payload: { discoverable: true, metadata: { name: 'Bo' } } });
      assert.deepEqual((await w.next()).payload, { event: 'join', peer: { id: `${name}-pr-bo`, metadata: { name: 'Bo' } } });
      bo.send({ type: P, payload: { metadata: { name: 'Bo 2' } } });
      assert.deepEqual((await w.next()).payload, { event: 'update', peer: { id: `${name}-pr-bo`, metadata: { name: 'Bo 2' } } });
      bo.close();
      assert.deepEqual((await w.next()).payload, { event: 'leave', id: `${name}-pr-bo` });
      early.send({ type: 'LEAVE' });
      assert.deepEqual((await w.next()).payload, { event: 'leave', id: `${name}-pr-early` });
      w.close();
    });

    test('presence survives a same-token re-attach on another node: no leave/join churn', async () => {
      const [n0, n1] = nodes();
      const id = `${name}-mv-x`;
      const w = await join(n0, `${name}-mv-w`), x = await join(n0, id);
      w.send({ type: P, payload: { subscribe: true } });
      assert.equal((await w.next()).payload?.event, 'snapshot');
      x.send({ type: P, payload: { discoverable: true, metadata: { name: 'X' } } });
      assert.deepEqual((await w.next()).payload, { event: 'join', peer: { id, metadata: { name: 'X' } } });
      const x2 = await join(n1, id); // same token
      assert.equal((await x.closed).code, CloseCode.Replaced);
      x2.send({ type: 'OFFER', dst: `${name}-mv-w`, payload: { barrier: true } });
      assert.deepEqual((await w.next()).payload, { barrier: true }, 'no leave for a peer that only moved');
      const late = await join(n1, `${name}-mv-late`);
      late.send({ type: P, payload: { subscribe: true } });
      assert.deepEqual((await late.next()).payload, { event: 'snapshot', peers: [{ id, metadata: { name: 'X' } }] });
      x2.close();
      assert.deepEqual((await w.next()).payload, { event: 'leave', id }, 'still listed until it really leaves');
      w.close(); late.close();
    });

    test('discovery lists, counts and /ice answer for peers on every node', async () => {
      const [n0, n1] = nodes();
      const a = await join(n0, `${name}-d-a`), b = await join(n1, `${name}-d-b`);
      for (const n of [n0, n1]) {
        const ids = JSON.parse((await get(n.port, '/peerjs/peers')).body) as string[];
        assert.ok(ids.includes(`${name}-d-a`) && ids.includes(`${name}-d-b`), JSON.stringify(ids));
        const count = JSON.parse((await get(n.port, '/active/count/peerjs')).body) as { count: number };
        assert.ok(count.count >= 2);
        assert.equal((await get(n.port, `/peerjs/ice?id=${name}-d-a&token=tok-${name}-d-a`)).status, 200);
        assert.equal((await get(n.port, `/peerjs/ice?id=${name}-d-b&token=wrong`)).status, 403);
      }
      a.close(); b.close();
    });
  });
}
