/** Server on Redis: the shared store suite over two nodes of one real redis-server, and the same suite in memory. */
import { after, before } from 'node:test';
import { startKit } from './server-helpers/kit.ts';
import { storeSuite } from './server-helpers/store-suite.ts';
import { startRedis, type RedisProcess } from '../support/redis.ts';

type Kit = Awaited<ReturnType<typeof startKit>>;
const OPTS = { allowDiscovery: true, expireTimeout: 300, cleanupOutMsgs: 50, turn: { secret: 'store-suite-secret', urls: ['turn:127.0.0.1:3478'] } };

let redis: RedisProcess, memory: Kit, r0: Kit, r1: Kit;
before(async () => {
  redis = await startRedis();
  [memory, r0, r1] = await Promise.all([startKit(OPTS), startKit({ ...OPTS, redis: redis.url }), startKit({ ...OPTS, redis: redis.url })]);
});
after(async () => {
  await Promise.all([memory.close(), r0.close(), r1.close()]);
  await redis.close();
});

storeSuite('memory', () => [memory, memory]);
storeSuite('redis', () => [r0, r1]);
