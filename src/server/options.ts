/**
 * Server options: what `createServer` accepts, and their validation. Every mistake is reported up
 * front with a precise `TypeError`, so a typo never turns into a server that silently misbehaves.
 */
import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer, ServerOptions as HttpsOptions } from 'node:https';
import { DEFAULT_LIMITS, DEFAULT_ROOM_CAP, DEFAULT_TIMING, MAX_KEY_LENGTH, MAX_ROOM_CAP, normalizePath, type IceServerList, type Limits } from '../protocol/index.js';
import { createAuthenticator, type AuthOptions, type Authenticator } from './auth.js';
import type { Logger } from './log.js';
import { checkTurnOptions, type TurnOptions } from './turn.js';
import type { RedisSetting } from './store.js';

/** ICE servers handed to clients in `OPEN` (p2p-kit clients use them; stock PeerJS ignores them). */
export type { IceServerList };

/** Options of {@link createServer}. Exactly one of `port`, `server` or `noServer` (as in `ws`). */
export interface ServerOptions {
  /** Listen on this port (0 = any free port). The server creates its own HTTP(S) server. */
  port?: number;
  /** Listen address for `port`. Default: all interfaces (Node's default, `::` or `0.0.0.0`). */
  host?: string;
  /** Attach to an existing HTTP(S) server: our routes answer first, yours get everything else. */
  server?: HttpServer | HttpsServer;
  /** Attach nothing: call `handleUpgrade()` / `handleRequest()` yourself. */
  noServer?: boolean;
  /** Mount path of the HTTP API and of the WebSocket endpoint `{path}peerjs`. Default `/`. */
  path?: string;
  /** Accepted API key(s). Each key is its own realm (ids, queues, presence). Default `peerjs`. */
  key?: string | string[];
  /** Queued-message lifetime before `EXPIRE`, ms. Default 5000. */
  expireTimeout?: number;
  /** Drop a client that sent no `HEARTBEAT` for this long, ms. Default 90000. */
  aliveTimeout?: number;
  /** How often queues are checked for expiry, ms. Default 1000. */
  cleanupOutMsgs?: number;
  /** Max registered clients over all keys. Default 5000. */
  concurrentLimit?: number;
  /** Enables `{key}/peers` and `active/list|count/{key}`. Default false. */
  allowDiscovery?: boolean;
  /** Behind one trusted reverse proxy: the client address is the last `X-Forwarded-For` entry. */
  proxied?: boolean;
  /** CORS for HTTP routes: `'*'` (default), a list of allowed origins, or `false` for no CORS headers. */
  cors?: '*' | string[] | false;
  /** WebSocket `Origin` allow-list (exact origins like `https://app.example`). Default: any. */
  allowOrigin?: string[];
  /** With `port`: serve HTTPS/WSS with these `https.createServer` options (`key`, `cert`, ...). */
  ssl?: HttpsOptions;
  /** Serve this folder at `/` (after the API routes). */
  static?: string;
  /** Abuse limits; any subset overrides {@link DEFAULT_LIMITS}. */
  limits?: Partial<Limits>;
  /** Static ICE server list put into every `OPEN` payload. */
  iceServers?: IceServerList;
  /** Id generator for `{key}/id`. Default `crypto.randomUUID`. */
  generateClientId?: () => string;
  /**
   * TURN with ephemeral credentials (coturn `use-auth-secret`): each `OPEN` and `{path}{key}/ice`
   * carry a credential minted for that peer id, next to the static `iceServers`.
   */
  turn?: TurnOptions;
  /**
   * Share ids, relays, offline queues and presence with other nodes through Redis: a
   * `redis://` URL or `{ url, prefix?, ttlMs? }`. Default: everything in this process's memory.
   */
  redis?: RedisSetting;
  /** Members per room (`P2PKIT-ROOM`); a join may ask for fewer. Default 6, at most 64. */
  roomCap?: number;
  /** Structured log sink, `true` for JSON lines on stdout. Default: silent. */
  log?: Logger | boolean;
  /** Grant an id only with a JWT whose `sub` is that id (README "Security and reliability"). */
  auth?: AuthOptions;
}

/** Options after validation and defaults. */
export interface ResolvedOptions {
  mode: 'port' | 'server' | 'noServer';
  port: number;
  host: string | undefined;
  server: HttpServer | HttpsServer | undefined;
  path: string;
  keys: string[];
  expireTimeout: number;
  aliveTimeout: number;
  cleanupOutMsgs: number;
  concurrentLimit: number;
  allowDiscovery: boolean;
  proxied: boolean;
  cors: '*' | string[] | false;
  allowOrigin: string[] | undefined;
  ssl: HttpsOptions | undefined;
  staticDir: string | undefined;
  limits: Limits;
  iceServers: IceServerList | undefined;
  generateClientId: () => string;
  turn: TurnOptions | undefined;
  redis: RedisSetting | undefined;
  roomCap: number;
  log: Logger | boolean;
  auth: Authenticator | undefined;
}

const KNOWN = new Set(['port', 'host', 'server', 'noServer', 'path', 'key', 'expireTimeout', 'aliveTimeout',
  'cleanupOutMsgs', 'concurrentLimit', 'allowDiscovery', 'proxied', 'cors', 'allowOrigin', 'ssl', 'static',
  'limits', 'iceServers', 'generateClientId', 'turn', 'redis', 'roomCap', 'log', 'auth']);

function fail(msg: string): never {
  throw new TypeError(`createServer: ${msg}`);
}

function int(name: string, v: unknown, def: number, min: number): number {
  if (v === undefined) return def;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(`"${name}" must be an integer >= ${min}, got ${String(v)}`);
  return v;
}

function roomCapOf(v: unknown): number {
  const cap = int('roomCap', v, DEFAULT_ROOM_CAP, 2);
  if (cap > MAX_ROOM_CAP) fail(`"roomCap" must be at most ${MAX_ROOM_CAP}, got ${cap}`);
  return cap;
}

function bool(name: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') fail(`"${name}" must be a boolean, got ${typeof v}`);
  return v;
}

function strings(name: string, v: unknown): string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s === '')) fail(`"${name}" must be an array of non-empty strings`);
  return v as string[];
}

function limitsOf(v: unknown): Limits {
  if (v === undefined) return { ...DEFAULT_LIMITS };
  if (typeof v !== 'object' || v === null) fail('"limits" must be an object');
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const [k, val] of Object.entries(v)) {
    if (!(k in DEFAULT_LIMITS)) fail(`unknown limit "limits.${k}"`);
    out[k as keyof Limits] = int(`limits.${k}`, val, 0, 1);
  }
  return out;
}

function iceServersOf(v: unknown): IceServerList | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) fail('"iceServers" must be an array of RTCIceServer objects');
  for (const s of v as unknown[]) {
    const urls = (s as { urls?: unknown })?.urls;
    if (typeof urls !== 'string' && !(Array.isArray(urls) && urls.every((u) => typeof u === 'string'))) {
      fail('each "iceServers" entry needs "urls" (a string or array of strings)');
    }
  }
  return v as IceServerList;
}

function turnOf(v: unknown): TurnOptions | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null) fail('"turn" must be an object { secret, urls, ttlSeconds? }');
  for (const k of Object.keys(v)) if (!['secret', 'urls', 'ttlSeconds'].includes(k)) fail(`unknown option "turn.${k}"`);
  try {
    checkTurnOptions(v as TurnOptions);
  } catch (err) {
    fail((err as Error).message);
  }
  const t = v as TurnOptions;
  return { secret: t.secret, urls: [...t.urls], ...(t.ttlSeconds !== undefined ? { ttlSeconds: t.ttlSeconds } : {}) };
}

function redisOf(v: unknown): RedisSetting | undefined {
  if (v === undefined) return undefined;
  const shape = '"redis" must be a redis:// URL or { url?, options?, prefix?, ttlMs? }';
  if (typeof v === 'string') {
    if (!/^rediss?:\/\//.test(v)) fail(shape);
    return v;
  }
  if (typeof v !== 'object' || v === null) fail(shape);
  const o = v as { url?: unknown; options?: unknown; prefix?: unknown; ttlMs?: unknown };
  for (const k of Object.keys(o)) if (!['url', 'options', 'prefix', 'ttlMs'].includes(k)) fail(`unknown option "redis.${k}"`);
  if (o.url !== undefined && (typeof o.url !== 'string' || !/^rediss?:\/\//.test(o.url))) fail('"redis.url" must be a redis:// or rediss:// URL');
  if (o.options !== undefined && (typeof o.options !== 'object' || o.options === null)) fail('"redis.options" must be ioredis options');
  if ((o.options as { keyPrefix?: unknown } | undefined)?.keyPrefix !== undefined) fail('use "redis.prefix", not "redis.options.keyPrefix"');
  if (o.prefix !== undefined && (typeof o.prefix !== 'string' || o.prefix === '')) fail('"redis.prefix" must be a non-empty string');
  int('redis.ttlMs', o.ttlMs, 0, 300);
  return v as RedisSetting;
}

/** Validates `createServer` options and fills in defaults. Throws `TypeError` on the first problem. */
export function resolveOptions(options: ServerOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options must be an object');
  for (const k of Object.keys(options)) if (!KNOWN.has(k)) fail(`unknown option "${k}"`);
  const o = options;
  const modes = [o.port !== undefined, o.server !== undefined, o.noServer === true].filter(Boolean).length;
  if (modes !== 1) fail('exactly one of "port", "server" or "noServer" must be given');
  if (o.port !== undefined && (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535)) fail(`"port" must be an integer 0-65535, got ${String(o.port)}`);
  if (o.host !== undefined && (typeof o.host !== 'string' || o.host === '')) fail('"host" must be a non-empty string');
  if (o.host !== undefined && o.port === undefined) fail('"host" only applies together with "port"');
  if (o.server !== undefined && (typeof o.server !== 'object' || typeof (o.server as { on?: unknown }).on !== 'function')) fail('"server" must be an http.Server or https.Server');
  if (o.ssl !== undefined && (typeof o.ssl !== 'object' || o.port === undefined)) fail('"ssl" must be an object and needs "port"');
  if (o.path !== undefined && (typeof o.path !== 'string' || /[?#\s]/.test(o.path))) fail('"path" must be a URL path like "/" or "/signal"');
  const keys = o.key === undefined ? ['peerjs'] : typeof o.key === 'string' ? [o.key] : strings('key', o.key);
  if (keys.length === 0 || keys.some((k) => k === '' || k.length > MAX_KEY_LENGTH || k.includes('/'))) fail(`"key" must be non-empty, without "/", at most ${MAX_KEY_LENGTH} chars`);
  if (o.cors !== undefined && o.cors !== '*' && o.cors !== false) strings('cors', o.cors);
  if (o.allowOrigin !== undefined) strings('allowOrigin', o.allowOrigin);
  if (o.static !== undefined && (typeof o.static !== 'string' || o.static === '')) fail('"static" must be a directory path');
  if (o.generateClientId !== undefined && typeof o.generateClientId !== 'function') fail('"generateClientId" must be a function');
  if (o.log !== undefined && typeof o.log !== 'function' && typeof o.log !== 'boolean') fail('"log" must be a function or a boolean');
  return {
    mode: o.port !== undefined ? 'port' : o.server ? 'server' : 'noServer',
    port: o.port ?? 0,
    host: o.host,
    server: o.server,
    path: normalizePath(o.path ?? '/'),
    keys: [...new Set(keys)],
    expireTimeout: int('expireTimeout', o.expireTimeout, DEFAULT_TIMING.expireTimeout, 1),
    aliveTimeout: int('aliveTimeout', o.aliveTimeout, DEFAULT_TIMING.aliveTimeout, 1),
    cleanupOutMsgs: int('cleanupOutMsgs', o.cleanupOutMsgs, DEFAULT_TIMING.cleanupOutMsgs, 1),
    concurrentLimit: int('concurrentLimit', o.concurrentLimit, 5000, 1),
    allowDiscovery: bool('allowDiscovery', o.allowDiscovery),
    proxied: bool('proxied', o.proxied),
    cors: o.cors ?? '*',
    allowOrigin: o.allowOrigin,
    ssl: o.ssl,
    staticDir: o.static,
    limits: limitsOf(o.limits),
    iceServers: iceServersOf(o.iceServers),
    generateClientId: o.generateClientId ?? randomUUID,
    turn: turnOf(o.turn),
    redis: redisOf(o.redis),
    roomCap: roomCapOf(o.roomCap),
    log: o.log ?? false,
    auth: o.auth === undefined ? undefined : createAuthenticator(o.auth),
  };
}
