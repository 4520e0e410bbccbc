/**
 * Room membership in Redis, shared by every node. Per realm key `K` and room `R` (under `prefix`):
 * `K:room:R:m` hash id → member JSON, `K:room:R:a` sorted set id → expiry (ms), `K:room:R:seq` the
 * join counter, and `K:rooms` the set of rooms with members. Join (cap check, seq, insert) is one
 * Lua script, so two nodes never both admit the sixth member. Each node refreshes its members'
 * expiry every `ttlMs / 3`; a dead node's members lapse within `ttlMs` and the sweep (or the next
 * join) drops them and announces their leave. Pushes go out on the `rooms` channel.
 * Its own two connections keep this apart from the id/queue store (`store-redis.ts`).
 */
import type { Redis, RedisOptions } from 'ioredis';
import type { JsonObject, RoomMember } from '../protocol/index.js';
import type { Log } from './log.js';
import type { JoinResult, RoomEntry, RoomStore, RoomStoreHooks } from './rooms-store.js';
import type { RedisSetting } from './store.js';
import { loadPeerDependency } from './redis-load.js';

/** Drops lapsed members (KEYS[1] hash, KEYS[2] zset) older than ARGV[1]; returns their ids. */
const DROP_LAPSED = `
local function drop(m, a, now)
  local gone = redis.call('ZRANGEBYSCORE', a, '-inf', now)
  for _, id in ipairs(gone) do redis.call('HDEL', m, id); redis.call('ZREM', a, id) end
  return gone
end`;

/** KEYS: m, a, seq, rooms. ARGV: id, metadata JSON or '', max, now, expiry, room. */
const JOIN = `${DROP_LAPSED}
local gone = drop(KEYS[1], KEYS[2], ARGV[4])
local held = redis.call('HGET', KEYS[1], ARGV[1])
if held then
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
  return {'again', held, redis.call('HVALS', KEYS[1]), gone}
end
local n = redis.call('HLEN', KEYS[1])
if n >= tonumber(ARGV[3]) then return {'full', tostring(n), {}, gone} end
local seq = redis.call('INCR', KEYS[3])
local member = '{"id":' .. cjson.encode(ARGV[1]) .. ',"seq":' .. seq .. (ARGV[2] ~= '' and (',"metadata":' .. ARGV[2]) or '') .. '}'
redis.call('HSET', KEYS[1], ARGV[1], member)
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
redis.call('SADD', KEYS[4], ARGV[6])
return {'ok', member, redis.call('HVALS', KEYS[1]), gone}`;

/**
 * KEYS: m, a, seq, rooms. ARGV: id, room, channel, push. Publishes the leave in the same step, so a
 * node that is shutting down needs no second round trip. An emptied room is forgotten (seq restarts).
 */
const LEAVE = `
local was = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('DEL', KEYS[3]); redis.call('SREM', KEYS[4], ARGV[2]) end
if was == 1 then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
return was`;

/** KEYS: m. ARGV: id, metadata JSON. Keeps the seq. */
const UPDATE = `
local held = redis.call('HGET', KEYS[1], ARGV[1])
if not held then return false end
local seq = cjson.decode(held).seq
local member = '{"id":' .. cjson.encode(ARGV[1]) .. ',"seq":' .. seq .. ',"metadata":' .. ARGV[2] .. '}'
redis.call('HSET', KEYS[1], ARGV[1], member)
return member`;

/** KEYS: rooms. ARGV: now, the prefix of room keys. Returns {room, id} pairs of lapsed members. */
const SWEEP = `${DROP_LAPSED}
local out = {}
for _, room in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local base = ARGV[2] .. room
  for _, id in ipairs(drop(base .. ':m', base .. ':a', ARGV[1])) do table.insert(out, room); table.insert(out, id) end
  if redis.call('HLEN', base .. ':m') == 0 then redis.call('DEL', base .. ':seq'); redis.call('SREM', KEYS[1], room) end
end
return out`;

type Call = (...args: (string | number)[]) => Promise<unknown>;

export class RedisRoomStore implements RoomStore {
  readonly ready: Promise<void>;
  private readonly ttlMs: number;
  private readonly prefix: string;
  private readonly cmd: Redis;
  private readonly sub: Redis;
  private readonly timer: NodeJS.Timeout;
  private readonly script: Record<'join' | 'leave' | 'update' | 'sweep', Call>;

  constructor(setting: RedisSetting, private readonly keys: readonly string[], private readonly hooks: RoomStoreHooks, private readonly log: Log) {
    const s = typeof setting === 'string' ? { url: setting } : setting;
    this.ttlMs = s.ttlMs ?? 10000;
    this.prefix = s.prefix ?? 'p2pkit';
    const opts: RedisOptions = { ...s.options, lazyConnect: false };
    const Client = loadPeerDependency<{ Redis: typeof Redis }>('ioredis', 'redis').Redis;
    this.cmd = s.url ? new Client(s.url, opts) : new Client(opts);
    this.sub = this.cmd.duplicate();
    // Connection errors are logged by the main store, which shares the server's fate with Redis.
    for (const c of [this.cmd, this.sub]) c.on('error', () => {});
    const defs = { join: [JOIN, 4], leave: [LEAVE, 4], update: [UPDATE, 1], sweep: [SWEEP, 1] } as const;
    const commands = this.cmd as unknown as Record<string, Call>;
    for (const [name, [lua, n]] of Object.entries(defs)) this.cmd.defineCommand(`p2pkit_room_${name}`, { lua, numberOfKeys: n });
    this.script = Object.fromEntries(Object.keys(defs).map((n) => [n, commands[`p2pkit_room_${n}`]!.bind(this.cmd)])) as RedisRoomStore['script'];
    this.sub.on('message', (_channel: string, text: string) => this.onPush(text));
    this.ready = this.sub.subscribe(this.channel()).then(() => undefined);
    this.ready.catch(() => undefined);
    this.timer = setInterval(() => void this.tick(), Math.max(50, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  private base(key: string, room: string): string {
    return `${this.prefix}:${encodeURIComponent(key)}:room:${room}`;
  }

  private roomKeys(key: string, room: string): string[] {
    const b = this.base(key, room);
    return [`${b}:m`, `${b}:a`, `${b}:seq`, `${this.prefix}:${encodeURIComponent(key)}:rooms`];
  }

  private channel(): string {
    return `${this.prefix}:rooms`;
  }

  async join(key: string, room: string, id: string, metadata: JsonObject | undefined, max: number, now: number): Promise<JoinResult> {
    const r = await this.script.join(...this.roomKeys(key, room), id, metadata ? JSON.stringify(metadata) : '', max, now, now + this.ttlMs, room) as
      [string, string, string[], string[]];
    const lapsed = r[3];
    if (r[0] === 'full') return { ok: false, count: Number(r[1]), lapsed };
    const self = JSON.parse(r[1]) as RoomMember;
    const members = r[2].map((t) => JSON.parse(t) as RoomMember).filter((m) => m.id !== id).sort((a, b) => a.seq - b.seq);
    return { ok: true, again: r[0] === 'again', self, members, lapsed };
  }

  async leave(key: string, room: string, id: string, announce: string): Promise<boolean> {
    const push = JSON.stringify({ key, room, text: announce, except: id });
    return await this.script.leave(...this.roomKeys(key, room), id, room, this.channel(), push) === 1;
  }

  async update(key: string, room: string, id: string, metadata: JsonObject): Promise<RoomMember | undefined> {
    const r = await this.script.update(`${this.base(key, room)}:m`, id, JSON.stringify(metadata)) as string | null;
    return r ? JSON.parse(r) as RoomMember : undefined;
  }

  publish(key: string, room: string, text: string, except: string): void {
    this.cmd.publish(this.channel(), JSON.stringify({ key, room, text, except }))
      .catch((err: Error) => this.log.error('store.error', { op: 'room-publish', error: err.message }));
  }

  private onPush(text: string): void {
    try {
      const p = JSON.parse(text) as { key: string; room: string; text: string; except: string };
      this.hooks.deliver(p.key, p.room, p.text, p.except);
    } catch (err) {
      this.log.warn('redis.bad-message', { channel: this.channel(), error: (err as Error).message });
    }
  }

  /** Refreshes our members' expiry, then drops (anyone's) lapsed members and announces them. */
  private async tick(): Promise<void> {
    try {
      const now = Date.now();
      const mine: RoomEntry[] = this.hooks.local();
      if (mine.length) {
        const m = this.cmd.multi();
        for (const e of mine) m.zadd(`${this.base(e.key, e.room)}:a`, 'XX', now + this.ttlMs, e.id);
        await m.exec();
      }
      const lapsed: RoomEntry[] = [];
      for (const key of this.keys) {
        const r = await this.script.sweep(`${this.prefix}:${encodeURIComponent(key)}:rooms`, now, `${this.prefix}:${encodeURIComponent(key)}:room:`) as string[];
        for (let i = 0; i + 1 < r.length; i += 2) lapsed.push({ key, room: r[i]!, id: r[i + 1]! });
      }
      if (lapsed.length) this.hooks.lapsed(lapsed);
    } catch (err) {
      this.log.error('store.error', { op: 'room-refresh', error: (err as Error).message });
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([this.cmd, this.sub].map((c) => c.status === 'ready' ? c.quit() : Promise.resolve(c.disconnect())));
  }
}
