/**
 * Measures (does not assert) relay round-trip time: a→server→b→server→a, 200 times, for both peers
 * on one node and for peers on two nodes sharing a real redis-server. Prints median and p95.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join, startKit, type TestClient } from './server-helpers/kit.ts';
import { startRedis, type RedisProcess } from '../support/redis.ts';

type Kit = Awaited<ReturnType<typeof startKit>>;
const ROUNDS = 200;

async function roundTrips(a: TestClient, b: TestClient, aId: string, bId: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = process.hrtime.bigint();
    a.send({ type: 'OFFER', dst: bId, payload: { i } });
    const got = await b.next();
    b.send({ type: 'ANSWER', dst: aId, payload: got.payload });
    assert.equal((await a.next()).payload?.i, i);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}

const stat = (t: number[]): string => {
  const s = [...t].sort((x, y) => x - y);
  return `median ${s[Math.floor(s.length / 2)]!.toFixed(3)} ms, p95 ${s[Math.floor(s.length * 0.95)]!.toFixed(3)} ms`;
};

let redis: RedisProcess, memory: Kit, r0: Kit, r1: Kit;
before(async () => {
  redis = await startRedis();
  [memory, r0, r1] = await Promise.all([startKit(), startKit({ redis: redis.url }), startKit({ redis: redis.url })]);
});
after(async () => {
  await Promise.all([memory.close(), r0.close(), r1.close()]);
  await redis.close();
});

test(`relay round trip, ${ROUNDS} times: one node vs two nodes on Redis`, async (t) => {
  const cases: [string, Kit, Kit][] = [['one node, memory store', memory, memory], ['one node, Redis store', r0, r0], ['two nodes via Redis', r0, r1]];
  for (const [name, na, nb] of cases) {
    const aId = `lat-a-${name.length}-${na.port}`, bId = `lat-b-${name.length}-${nb.port}`;
    const a = await join(na, aId), b = await join(nb, bId);
    await roundTrips(a, b, aId, bId); // warm-up (JIT, Lua script cache)
    const times = await roundTrips(a, b, aId, bId);
    t.diagnostic(`${name}: ${stat(times)}`);
    console.log(`relay RTT ${name}: ${stat(times)}`);
    a.close(); b.close();
  }
});
