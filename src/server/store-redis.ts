/**
 * The Redis store: several server nodes share ids, offline queues and presence through one Redis
 * (ioredis). Per realm key `K` (all under `prefix`):
 * - `K:owners` hash id → `node\ttoken`, `K:alive` sorted set id → expiry (ms). An id is held while its
 *   score is in the future; each node refreshes its ids every `ttlMs / 3`, so a dead node's ids
 *   lapse within `ttlMs` and any node's sweep then removes them (and announces presence leaves).
 * - `K:q:<dst>` list of queued relays, `K:qs` sorted set dst → creation time, `K:qb` hash dst → bytes.
 *   Queue and ownership change only inside Lua scripts, so a relay is either queued before the
 *   destination's claim (which takes the queue) or routed to the node that claimed it: never lost
 *   between the two, and each expired queue yields its `EXPIRE`s on exactly one node.
 * - `K:presence` hash id → presence peer JSON; events go out on the `presence` channel.
 * Frames for a peer on another node go to that node's channel `node:<uuid>` (pub/sub).
 */
import { randomUUID } from 'node:crypto';
import type { Redis, RedisOptions } from 'ioredis';
import type { Limits, PresencePeer } from '../protocol/index.js';
import type { Log } from './log.js';
import type { Expired, Queued } from './queue.js';
import type { Claim, NodeMessage, RedisSetting, Store, StoreHooks } from './store.js';
import { LUA } from './store-redis-lua.js';
import { loadPeerDependency } from './redis-load.js';

type Call = (...args: (string | number)[]) => Promise<unknown>;

/** A node that cannot reach Redis at start fails instead of waiting forever. */
const START_TIMEOUT_MS = 10000;

export class RedisStore implements Store {
  readonly node = randomUUID();
  readonly ready: Promise<void>;
  /** How long a node's ids outlive its last refresh, ms. */
  readonly ttlMs: number;
  private readonly cmd: Redis;
  private readonly sub: Redis;
  private readonly prefix: string;
  private readonly script: Record<keyof typeof LUA, Call>;

  constructor(setting: RedisSetting, private readonly keys: readonly string[], private readonly limits: Limits, private readonly hooks: StoreHooks, private readonly log: Log) {
    const s = typeof setting === 'string' ? { url: setting } : setting;
    this.ttlMs = s.ttlMs ?? 10000;
    this.prefix = s.prefix ?? 'p2pkit';
    const opts: RedisOptions = { ...s.options, lazyConnect: false };
    const Client = loadPeerDependency<{ Redis: typeof Redis }>('ioredis', 'redis').Redis;
    this.cmd = s.url ? new Client(s.url, opts) : new Client(opts);
    this.sub = this.cmd.duplicate();
    // ioredis reconnects by itself (and retries pending commands); log each distinct failure once.
    let lastError = '';
    for (const c of [this.cmd, this.sub]) {
      c.on('error', (err: Error) => {
        if (err.message !== lastError) this.log.error('redis.error', { error: err.message });
        lastError = err.message;
      });
      c.on('ready', () => { if (lastError) this.log.info('redis.ready'); lastError = ''; });
    }
    for (const [name, def] of Object.entries(LUA)) this.cmd.defineCommand(`p2pkit_${name}`, { lua: def.lua, numberOfKeys: def.keys });
    const commands = this.cmd as unknown as Record<string, Call>;
    this.script = Object.fromEntries(Object.keys(LUA).map((n) => [n, commands[`p2pkit_${n}`]!.bind(this.cmd)])) as Record<keyof typeof LUA, Call>;
    this.sub.on('message', (channel: string, text: string) => this.onMessage(channel, text));
    let timer: NodeJS.Timeout | undefined;
    const startup = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`cannot reach Redis within ${START_TIMEOUT_MS / 1000} s${lastError ? ` (${lastError})` : ''}`)), START_TIMEOUT_MS);
    });
    this.ready = Promise.race([this.sub.subscribe(this.channel(this.node), this.channel('presence')).then(() => undefined), startup])
      .finally(() => clearTimeout(timer));
    this.ready.catch(() => undefined); // reported through the server's ready/error
  }

  private k(key: string, part: string): string {
    return `${this.prefix}:${encodeURIComponent(key)}:${part}`;
  }

  private channel(name: string): string {
    return `${this.prefix}:${name === 'presence' ? name : `node:${name}`}`;
  }

  private onMessage(channel: string, text: string): void {
    try {
      const m = JSON.parse(text) as NodeMessage | { key: string; text: string; except: string };
      if (channel === this.channel('presence')) {
        const p = m as { key: string; text: string; except: string };
        this.hooks.presence(p.key, p.text, p.except);
      } else {
        this.hooks.message(m as NodeMessage);
      }
    } catch (err) {
      this.log.warn('redis.bad-message', { channel, error: (err as Error).message });
    }
  }

  private fire(p: Promise<unknown>, op: string): void {
    p.catch((err: Error) => this.log.error('store.error', { op, error: err.message }));
  }

  async claim(key: string, id: string, token: string, now: number): Promise<Claim> {
    const r = await this.script.claim(this.k(key, 'owners'), this.k(key, 'alive'), this.k(key, 'qs'), this.k(key, 'qb'), this.k(key, `q:${id}`),
      this.k(key, 'presence'), id, `${this.node}\t${token}`, token, now, now + this.ttlMs) as [string, string, string[], number, string];
    if (r[0] === 'taken') return { taken: true };
    return {
      taken: false, from: r[1] || undefined, queued: r[2].map((t) => JSON.parse(t) as Queued), stale: r[3] === 1,
      ...(r[4] ? { presence: JSON.parse(r[4]) as PresencePeer } : {}),
    };
  }

  release(key: string, id: string, token: string): void {
    this.fire(this.script.release(this.k(key, 'owners'), this.k(key, 'alive'), id, `${this.node}\t${token}`), 'release');
  }

  async refresh(key: string, ids: string[], now: number): Promise<string[]> {
    return await this.script.refresh(this.k(key, 'owners'), this.k(key, 'alive'), `${this.node}\t`, now + this.ttlMs, ...ids) as string[];
  }

  async route(key: string, dst: string, item: Queued, now: number): Promise<{ node: string } | 'queued' | 'full'> {
    const text = JSON.stringify(item);
    const r = await this.script.route(this.k(key, 'owners'), this.k(key, 'alive'), this.k(key, 'qs'), this.k(key, 'qb'), this.k(key, `q:${dst}`),
      dst, now, text, Buffer.byteLength(item.text), this.limits.maxQueuedPerDestination, this.limits.maxQueuedBytesPerDestination) as string[];
    return r[0] === 'node' ? { node: r[1]! } : r[0] as 'queued' | 'full';
  }

  async locate(key: string, id: string, now: number): Promise<string | undefined> {
    const [owner, score] = await Promise.all([this.cmd.hget(this.k(key, 'owners'), id), this.cmd.zscore(this.k(key, 'alive'), id)]);
    return owner && score && Number(score) > now ? owner.slice(0, owner.indexOf('\t')) : undefined;
  }

  publish(node: string, msg: NodeMessage): void {
    this.fire(this.cmd.publish(this.channel(node), JSON.stringify(msg)), 'publish');
  }

  clearQueue(key: string, dst: string): void {
    this.fire(this.cmd.multi().del(this.k(key, `q:${dst}`)).zrem(this.k(key, 'qs'), dst).hdel(this.k(key, 'qb'), dst).exec(), 'clear');
  }

  async expire(now: number, timeout: number): Promise<(Expired & { key: string })[]> {
    const out: (Expired & { key: string })[] = [];
    for (const key of this.keys) {
      const r = await this.script.expire(this.k(key, 'qs'), this.k(key, 'qb'), now - timeout, this.k(key, 'q:')) as [string, string[]][];
      for (const [dst, items] of r) out.push({ key, dst, senders: [...new Set(items.map((t) => (JSON.parse(t) as Queued).src))] });
    }
    return out;
  }

  async sweep(now: number): Promise<{ key: string; id: string }[]> {
    const out: { key: string; id: string }[] = [];
    for (const key of this.keys) {
      const gone = await this.script.sweep(this.k(key, 'owners'), this.k(key, 'alive'), this.k(key, 'presence'), now) as string[];
      for (const id of gone) out.push({ key, id });
    }
    return out;
  }

  async registered(key: string, id: string, token: string, now: number): Promise<boolean> {
    const [owner, score] = await Promise.all([this.cmd.hget(this.k(key, 'owners'), id), this.cmd.zscore(this.k(key, 'alive'), id)]);
    return !!owner && owner.slice(owner.indexOf('\t') + 1) === token && Number(score) > now;
  }

  ids(key: string, now: number): Promise<string[]> {
    return this.cmd.zrangebyscore(this.k(key, 'alive'), `(${now}`, '+inf');
  }

  count(key: string, now: number): Promise<number> {
    return this.cmd.zcount(this.k(key, 'alive'), `(${now}`, '+inf');
  }

  presenceSet(key: string, peer: PresencePeer): void {
    this.fire(this.cmd.hset(this.k(key, 'presence'), peer.id, JSON.stringify(peer)), 'presence');
  }

  presenceDelete(key: string, id: string): void {
    this.fire(this.cmd.hdel(this.k(key, 'presence'), id), 'presence');
  }

  async presenceList(key: string, now: number): Promise<PresencePeer[]> {
    const r = await this.script.presence(this.k(key, 'presence'), this.k(key, 'alive'), now) as string[];
    return r.map((t) => JSON.parse(t) as PresencePeer);
  }

  presencePublish(key: string, text: string, except: string): void {
    this.fire(this.cmd.publish(this.channel('presence'), JSON.stringify({ key, text, except })), 'presence');
  }

  /** Sends what is pending (releases of a closing node), then disconnects. */
  async close(): Promise<void> {
    await Promise.allSettled([this.cmd, this.sub].map((c) => c.status === 'ready' ? c.quit() : Promise.resolve(c.disconnect())));
  }
}
