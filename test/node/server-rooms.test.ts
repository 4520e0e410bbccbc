/**
 * Server: rooms (P2PKIT-ROOM). The same suite on one node in memory and on two nodes sharing one
 * real redis-server (members split across the nodes); then liveness: a heartbeat timeout ends a
 * membership at once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ROOMS_PER_CLIENT, RoomErrorText } from '../../src/protocol/index.ts';
import { join, startKit, untilBarrier, type Frame, type TestClient } from './server-helpers/kit.ts';
import { startRedis, type RedisProcess } from '../support/redis.ts';
import { Redis } from 'ioredis';
import { createServer } from '../../src/server/index.ts';
import { parseServeArgs, UsageError } from '../../src/server/cli-args.ts';

type Kit = Awaited<ReturnType<typeof startKit>>;
const R = 'P2PKIT-ROOM';
const CAP = 3;
const OPTS = { roomCap: CAP, limits: { maxMetadataBytes: 64 } };

const room = (payload: object) => ({ type: R, payload });
const joinRoom = (c: TestClient, name: string, extra: object = {}) => c.send(room({ action: 'join', room: name, ...extra }));
const nextRoom = async (c: TestClient): Promise<NonNullable<Frame['payload']>> => (await c.next(R)).payload!;
const error = (name: string, code: keyof typeof RoomErrorText, max?: number) =>
  ({ event: 'error', room: name, code, msg: RoomErrorText[code], ...(max !== undefined ? { max } : {}) });

function roomSuite(label: string, nodes: () => [Kit, Kit]) {
  describe(`server rooms (${label})`, () => {
    test('join gets the members and a rising seq; members get join/update/leave; others get nothing', async () => {
      const [a, b] = nodes();
      const p = `${label}-basic`;
      const ana = await join(a, `${p}-ana`), bo = await join(b, `${p}-bo`), stock = await join(b, `${p}-stock`);
      joinRoom(ana, p, { metadata: { name: 'Ana' } });
      assert.deepEqual(await nextRoom(ana), { event: 'joined', room: p, seq: 1, max: CAP, members: [] });
      joinRoom(bo, p);
      assert.deepEqual(await nextRoom(bo), { event: 'joined', room: p, seq: 2, max: CAP, members: [{ id: `${p}-ana`, seq: 1, metadata: { name: 'Ana' } }] });
      assert.deepEqual(await nextRoom(ana), { event: 'join', room: p, member: { id: `${p}-bo`, seq: 2 } });
      // Ana's own join push may still have been on its way between nodes: it can only repeat her entry.
      for (const f of await untilBarrier(bo, `${p}-bo`)) assert.deepEqual(f, room({ event: 'join', room: p, member: { id: `${p}-ana`, seq: 1, metadata: { name: 'Ana' } } }));
      bo.send(room({ action: 'update', room: p, metadata: { name: 'Bo' } }));
      assert.deepEqual(await nextRoom(ana), { event: 'update', room: p, member: { id: `${p}-bo`, seq: 2, metadata: { name: 'Bo' } } });
      joinRoom(bo, p); // joining again answers with the same seq and pushes nothing
      assert.deepEqual(await nextRoom(bo), { event: 'joined', room: p, seq: 2, max: CAP, members: [{ id: `${p}-ana`, seq: 1, metadata: { name: 'Ana' } }] });
      bo.send(room({ action: 'leave', room: p }));
      assert.deepEqual(await nextRoom(bo), { event: 'left', room: p });
      assert.deepEqual(await nextRoom(ana), { event: 'leave', room: p, id: `${p}-bo`, reason: 'left' });
      joinRoom(bo, p);
      assert.equal((await nextRoom(bo)).seq, 3, 'a rejoin is newer than everyone present');
      assert.equal((await nextRoom(ana)).event, 'join');
      assert.deepEqual(await untilBarrier(stock, `${p}-stock`), [], 'a client in no room never sees P2PKIT-ROOM');
      assert.deepEqual(await untilBarrier(ana, `${p}-ana`), [], 'no push about oneself');
      ana.close();
      assert.deepEqual(await nextRoom(bo), { event: 'leave', room: p, id: `${p}-ana`, reason: 'gone' }, 'socket close ends membership at once');
      bo.send({ type: 'LEAVE' }); // unregisters: the room is empty and forgotten
      await bo.closed;
      const cy = await join(a, `${p}-cy`);
      joinRoom(cy, p);
      assert.equal((await nextRoom(cy)).seq, 1, 'an emptied room starts over');
      for (const c of [stock, cy]) c.close();
    });

    test('the cap (server and per join) answers "full"; bad requests get typed errors and change nothing', async () => {
      const [a, b] = nodes();
      const p = `${label}-cap`;
      const cs = await Promise.all([0, 1, 2, 3].map((i) => join(i % 2 ? b : a, `${p}-${i}`)));
      const [c0, c1, c2, c3] = cs as [TestClient, TestClient, TestClient, TestClient];
      joinRoom(c0, p);
      assert.equal((await nextRoom(c0)).event, 'joined');
      joinRoom(c1, p, { max: 2 });
      assert.equal((await nextRoom(c1)).event, 'joined');
      c1.send(room({ action: 'update', room: p, metadata: { name: 'y'.repeat(100) } }));
      assert.deepEqual(await nextRoom(c1), error(p, 'metadata-too-big'));
      joinRoom(c2, p, { max: 2 });
      assert.deepEqual(await nextRoom(c2), error(p, 'full', 2), 'the joiner\'s own smaller max');
      joinRoom(c2, p);
      assert.equal((await nextRoom(c2)).event, 'joined');
      joinRoom(c3, p);
      assert.deepEqual(await nextRoom(c3), error(p, 'full', CAP), 'the server cap');
      joinRoom(c3, p, { max: CAP + 1 });
      assert.deepEqual(await nextRoom(c3), error(p, 'invalid-max', CAP));
      joinRoom(c3, p, { max: 1.5 });
      assert.deepEqual(await nextRoom(c3), error(p, 'invalid-max', CAP));
      joinRoom(c3, 'bad name!');
      assert.deepEqual(await nextRoom(c3), error('bad name!', 'invalid-room'));
      joinRoom(c3, `${p}-meta`, { metadata: { name: 'x'.repeat(100) } });
      assert.deepEqual(await nextRoom(c3), error(`${p}-meta`, 'metadata-too-big'));
      c3.send(room({ action: 'leave', room: p }));
      assert.deepEqual(await nextRoom(c3), error(p, 'not-member'));
      c3.send(room({ action: 'update', room: p, metadata: {} }));
      assert.deepEqual(await nextRoom(c3), error(p, 'not-member'));
      for (let i = 0; i < MAX_ROOMS_PER_CLIENT; i++) joinRoom(c3, `${p}-many-${i}`);
      for (let i = 0; i < MAX_ROOMS_PER_CLIENT; i++) assert.equal((await nextRoom(c3)).event, 'joined');
      joinRoom(c3, `${p}-many-x`);
      assert.deepEqual(await nextRoom(c3), error(`${p}-many-x`, 'too-many-rooms'));
      const k = await join(a, `${p}-kit`, { kit: '1' });
      k.send(room({ action: 'dance', room: p }));
      assert.equal((await k.next()).payload?.code, 'invalid-message', 'a malformed request is REJECTED like any bad frame');
      assert.deepEqual(await untilBarrier(c0, `${p}-0`), [{ type: R, payload: { event: 'join', room: p, member: { id: `${p}-1`, seq: 2 } } },
        { type: R, payload: { event: 'join', room: p, member: { id: `${p}-2`, seq: 3 } } }], 'refused joins were never announced');
      for (const c of [...cs, k]) c.close();
    });

    test('simultaneous joins over both nodes admit exactly the cap, and every member sees the same room', async () => {
      const [a, b] = nodes();
      const p = `${label}-race`;
      const cs = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => join(i % 2 ? b : a, `${p}-${i}`)));
      for (const c of cs) joinRoom(c, p);
      const answers = await Promise.all(cs.map(nextRoom));
      const admitted = cs.filter((_, i) => answers[i]!.event === 'joined');
      assert.equal(admitted.length, CAP, JSON.stringify(answers));
      assert.ok(answers.every((x) => x.event === 'joined' || x.code === 'full'));
      const ids = admitted.map((_, i) => `${p}-${cs.indexOf(admitted[i]!)}`);
      // Each member's view: the list it got, plus the joins pushed to it.
      await Promise.all(admitted.map(async (c, i) => {
        const seen = new Set(((answers[cs.indexOf(c)]!.members ?? []) as { id: string }[]).map((m) => m.id));
        while (seen.size < CAP - 1) {
          const ev = await nextRoom(c);
          assert.equal(ev.event, 'join');
          seen.add((ev.member as { id: string }).id);
        }
        assert.deepEqual([...seen].sort(), ids.filter((x) => x !== ids[i]).sort());
      }));
      const seqs = admitted.map((c) => answers[cs.indexOf(c)]!.seq as number).sort();
      assert.deepEqual(seqs, [1, 2, 3]);
      for (const c of cs) c.close();
    });
  });
}

let redis: RedisProcess, memory: Kit, r0: Kit, r1: Kit, quick: Kit;
before(async () => {
  redis = await startRedis();
  [memory, r0, r1, quick] = await Promise.all([startKit(OPTS), startKit({ ...OPTS, redis: redis.url }), startKit({ ...OPTS, redis: redis.url }),
    startKit({ aliveTimeout: 300 })]);
});
after(async () => {
  await Promise.all([memory.close(), r0.close(), r1.close(), quick.close()]);
  await redis.close();
});

roomSuite('memory', () => [memory, memory]);
roomSuite('redis', () => [r0, r1]);

describe('server rooms: liveness', () => {
  test('a member that stops sending HEARTBEAT leaves its rooms when it times out', async () => {
    const alive = await join(quick, 'live-a'), silent = await join(quick, 'live-s');
    const beat = setInterval(() => alive.send({ type: 'HEARTBEAT' }), 50);
    try {
      joinRoom(alive, 'live');
      assert.equal((await nextRoom(alive)).seq, 1);
      joinRoom(silent, 'live');
      assert.equal((await nextRoom(silent)).seq, 2);
      assert.equal((await nextRoom(alive)).event, 'join');
      assert.deepEqual(await nextRoom(alive), { event: 'leave', room: 'live', id: 'live-s', reason: 'gone' });
      assert.equal((await silent.closed).code, 4002);
    } finally {
      clearInterval(beat);
      alive.close();
    }
  });
});

describe('server rooms: a node that dies, and configuration', () => {
  test('members a dead node left in Redis lapse after the TTL and their leave reaches the others', async () => {
    const TTL = 300;
    const n = await startKit({ redis: { url: redis.url, ttlMs: TTL } });
    const raw = new Redis(redis.url);
    try {
      const w = await join(n, 'lapse-w');
      joinRoom(w, 'lapse');
      assert.equal((await nextRoom(w)).seq, 1);
      // What a SIGKILLed node leaves behind: a member whose expiry nobody refreshes any more.
      const base = 'p2pkit:peerjs:room:lapse';
      await raw.multi().hset(`${base}:m`, 'lapse-dead', JSON.stringify({ id: 'lapse-dead', seq: 2 })).zadd(`${base}:a`, Date.now() + TTL, 'lapse-dead')
        .sadd('p2pkit:peerjs:rooms', 'lapse').exec();
      const at = Date.now();
      assert.deepEqual(await nextRoom(w), { event: 'leave', room: 'lapse', id: 'lapse-dead', reason: 'gone' });
      assert.ok(Date.now() - at < 2 * TTL + 1000, `lapsed after ${Date.now() - at} ms`);
      assert.equal(await raw.hexists(`${base}:m`, 'lapse-dead'), 0);
      assert.equal(await raw.hexists(`${base}:m`, 'lapse-w'), 1, 'a live member is refreshed, not swept');
      w.close();
      await n.close();
      assert.deepEqual(await raw.keys(`${base}*`), [], 'the emptied room leaves nothing in Redis');
    } finally {
      raw.disconnect();
      await n.close();
    }
  });

  test('roomCap option and --room-cap flag are checked', () => {
    const cmd = parseServeArgs(['--room-cap', '4'], {});
    assert.equal(!cmd.help && cmd.options.roomCap, 4);
    assert.throws(() => parseServeArgs(['--room-cap', '1'], {}), UsageError);
    assert.throws(() => createServer({ noServer: true, roomCap: 65 }), /roomCap/);
    assert.throws(() => createServer({ noServer: true, roomCap: 1 }), /roomCap/);
  });
});
