/**
 * Server on Redis with real processes: a node started by the CLI (`--redis`) is SIGKILLed and its
 * ids come free within the TTL (presence leave, nothing left in Redis); `--redis` flag parsing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { CloseCode } from '../../src/protocol/index.ts';
import { parseServeArgs, UsageError } from '../../src/server/cli-args.ts';
import { WAIT_MS, dial, get, join, startKit, wsUrl } from './server-helpers/kit.ts';
import { startRedis, type RedisProcess } from '../support/redis.ts';

const BIN = fileURLToPath(new URL('../../bin/p2p-kit.js', import.meta.url));
const TTL = 600;

/** Starts `p2p-kit serve` on Redis; resolves with its port once it listens. */
function startNode(redisUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--quiet', '--redis', redisUrl, '--redis-ttl', String(TTL)],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stderr!.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { child.kill(); reject(new Error(`no listening line: ${out} ${err}`)); }, WAIT_MS * 3);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on http:\/\/[^:]+:(\d+)\//.exec(out);
      if (m) { clearTimeout(t); resolve({ child, port: Number(m[1]) }); }
    });
    child.on('exit', (code) => { clearTimeout(t); reject(new Error(`exited ${code}: ${err}`)); });
  });
}

describe('server on Redis: a node dies', () => {
  let redis: RedisProcess;
  before(async () => { redis = await startRedis(); });
  after(() => redis.close());

  test('SIGKILL of a node frees its ids within the TTL, announces leaves, leaves nothing behind', async () => {
    const n0 = await startKit({ redis: { url: redis.url, ttlMs: TTL }, allowDiscovery: true, cleanupOutMsgs: 50 });
    const { child, port } = await startNode(redis.url);
    const inspect = new Redis(redis.url);
    try {
      const w = await join(n0, 'kill-w');
      w.send({ type: 'P2PKIT-PRESENCE', payload: { subscribe: true } });
      assert.equal((await w.next()).payload?.event, 'snapshot');
      const victim = await join({ port }, 'kill-v');
      const quiet = await join({ port }, 'kill-q'); // never discoverable
      victim.send({ type: 'P2PKIT-PRESENCE', payload: { discoverable: true } });
      assert.deepEqual((await w.next()).payload, { event: 'join', peer: { id: 'kill-v' } });
      w.send({ type: 'OFFER', dst: 'kill-q', payload: { via: 'redis' } });
      assert.deepEqual(await quiet.next(), { type: 'OFFER', src: 'kill-w', dst: 'kill-q', payload: { via: 'redis' } });
      const thief = await dial(wsUrl(n0.port, { key: 'peerjs', id: 'kill-v', token: 'other' }));
      assert.equal((await thief.next()).type, 'ID-TAKEN', 'held while its node lives');

      const killedAt = Date.now();
      child.kill('SIGKILL');
      // The leave is the event that means the TTL lapsed and a sweep removed the node's ids.
      assert.deepEqual((await w.next()).payload, { event: 'leave', id: 'kill-v' });
      const took = Date.now() - killedAt;
      assert.ok(took < 2 * TTL + 1000, `freed after ${took} ms (TTL ${TTL})`);
      const back = [await join(n0, 'kill-v', { token: 'after-the-crash' }), await join(n0, 'kill-q', { token: 'after-the-crash' })];
      const ids = JSON.parse((await get(n0.port, '/peerjs/peers')).body) as string[];
      assert.deepEqual(ids.sort(), ['kill-q', 'kill-v', 'kill-w']);
      for (const c of [w, ...back]) c.close();
      await n0.close(); // releases its ids on shutdown
      assert.deepEqual(await inspect.keys('p2pkit:*'), [], 'no keys left once every node is gone');
    } finally {
      child.kill('SIGKILL');
      inspect.disconnect();
      await n0.close();
    }
  });
});

describe('server on Redis: a node that lost an id', () => {
  test('a node whose id was taken over meanwhile (stall past the TTL, lost pub/sub) drops its socket with 1013', async () => {
    const redis = await startRedis();
    const n0 = await startKit({ redis: { url: redis.url, ttlMs: TTL } });
    const inspect = new Redis(redis.url);
    try {
      const a = await join(n0, 'lease-a'), b = await join(n0, 'lease-b');
      await inspect.hset('p2pkit:peerjs:owners', 'lease-a', 'some-other-node\tother-token');
      assert.equal((await a.closed).code, CloseCode.TryAgainLater);
      assert.equal(b.ws.readyState, b.ws.OPEN, 'ids it still holds stay');
      assert.equal(await inspect.hget('p2pkit:peerjs:owners', 'lease-a'), 'some-other-node\tother-token', 'not released: not ours');
      b.close();
    } finally {
      inspect.disconnect();
      await n0.close();
      await redis.close();
    }
  });
});

describe('p2p-kit serve --redis', () => {
  test('--redis URL and --redis-ttl', () => {
    const a = parseServeArgs(['--redis', 'redis://10.0.0.5:6379'], {});
    assert.ok(!a.help);
    assert.equal(a.options.redis, 'redis://10.0.0.5:6379');
    const b = parseServeArgs(['--redis', 'redis://r:6379', '--redis-ttl', '5000'], {});
    assert.ok(!b.help);
    assert.deepEqual(b.options.redis, { url: 'redis://r:6379', ttlMs: 5000 });
    assert.throws(() => parseServeArgs(['--redis-ttl', '5000'], {}), UsageError);
    assert.throws(() => parseServeArgs(['--redis', 'redis://r', '--redis-ttl', '10'], {}), UsageError);
  });
});
