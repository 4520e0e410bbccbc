/**
 * The WebSocket side of the server: handshake and registration (PROTOCOL.md §1.2), per-frame
 * checks, liveness and queue-expiry sweeps. Transport-agnostic: it receives accepted `ws` sockets.
 */
import type { IncomingMessage } from 'node:http';
import WebSocket, { type RawData } from 'ws';
import {
  CloseCode, ErrorText, MAX_TOKEN_LENGTH, MessageType, PROTOCOL_VERSION, ROOM_FEATURE, RejectText, isKitClient, isValidId, parseClientMessage,
  type ClientMessage, type OpenPayload, type RejectCode,
} from '../protocol/index.js';
import { ServerClient, SocketState } from './client.js';
import { handlers, type HandlerContext } from './handlers.js';
import { AddressCounter, remoteAddress } from './limits.js';
import type { Log } from './log.js';
import type { ResolvedOptions } from './options.js';
import { Realms, type Realm } from './realm.js';
import { Routing } from './routing.js';
import { roomsFor, type RoomStore } from './rooms-setup.js';
import { MemoryStore, when, type NodeMessage, type Store } from './store.js';
import { RedisStore } from './store-redis.js';
import { iceServersFor } from './turn.js';

/** A parsed inbound frame as the `message` event reports it: `src` is the sender's id. */
export type InboundMessage = ClientMessage & { src: string };

/** Callbacks the public server turns into events. */
export interface SignallingHooks {
  connection(client: ServerClient): void;
  disconnect(client: ServerClient): void;
  message(client: ServerClient, msg: InboundMessage): void;
  /** False when nobody listens for `message`: the per-frame copy for it is then skipped. */
  wantsMessages?(): boolean;
}

/** Extensions announced in `OPEN.payload.features` (plus `discovery` when `allowDiscovery` is on). */
export const SERVER_FEATURES = ['presence', 'rejected', 'reattach-open', ROOM_FEATURE] as const;

/** Window after which flood counting starts over (see `maxRejectedInARow`). */
const FLOOD_WINDOW_MS = 1000;
/** `replaced`: a re-attach on another node took the id; `lost`: this node stalled past the store's TTL. */
type UnregisterReason = 'close' | 'leave' | 'timeout' | 'dead-socket' | 'flooding' | 'shutdown' | 'replaced' | 'lost';

export class Signalling {
  readonly realms: Realms;
  private readonly addresses: AddressCounter;
  /** Every accepted socket, registered or not, so `close()` can end them all. */
  private readonly sockets = new Set<WebSocket>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly lastRejectAt = new WeakMap<SocketState, number>();
  private readonly contexts = new Map<Realm, HandlerContext>();
  /** Shared state: this process's memory, or Redis. */
  readonly store: Store;
  private readonly routing: Routing;
  private readonly roomStore: RoomStore;

  constructor(private readonly opts: ResolvedOptions, private readonly log: Log, private readonly hooks: SignallingHooks) {
    const storeHooks = {
      message: (m: NodeMessage) => this.routing.fromNode(m),
      presence: (key: string, text: string, except: string) => this.realms.get(key)?.presence.deliver(text, except),
    };
    this.store = opts.redis
      ? new RedisStore(opts.redis, opts.keys, opts.limits, storeHooks, log)
      : new MemoryStore(opts.keys, opts.limits, storeHooks);
    const rooms = roomsFor(opts, log, () => this.realms);
    this.roomStore = rooms.store;
    this.realms = new Realms(opts.keys, opts.limits, this.store, rooms.forKey);
    this.routing = new Routing(this.realms, this.store, log, opts.expireTimeout, opts.limits.maxQueuedBytesPerDestination, {
      reject: (c, code, type) => this.reject(c, code, type), unregister: (c, reason) => this.unregister(c, reason),
    });
    this.addresses = new AddressCounter(opts.limits.maxSocketsPerAddress);
    // PeerServer sweeps liveness every 300 ms; scale down with small test timeouts.
    const liveness = Math.max(10, Math.min(300, Math.floor(opts.aliveTimeout / 3)));
    this.timers.push(setInterval(() => this.sweepLiveness(), liveness), setInterval(() => this.routing.sweep(), opts.cleanupOutMsgs));
    if (this.store instanceof RedisStore) this.timers.push(setInterval(() => this.routing.refresh(), this.store.ttlMs / 3));
    for (const t of this.timers) t.unref();
  }

  /** Takes over a freshly upgraded socket: checks it, then registers or refuses it. */
  accept(ws: WebSocket, req: IncomingMessage): void {
    const address = remoteAddress(req, this.opts.proxied);
    this.sockets.add(ws);
    ws.on('error', (err) => this.log.debug('socket.error', { address, error: err.message }));
    ws.on('close', () => this.sockets.delete(ws));
    const origin = req.headers.origin;
    // Only browsers send Origin, and only they need protecting from foreign pages; other clients pass.
    if (this.opts.allowOrigin && origin !== undefined && !this.opts.allowOrigin.includes(origin)) {
      return this.refuse(ws, address, ErrorText.OriginNotAllowed, CloseCode.PolicyViolation, { origin });
    }
    if (!this.addresses.acquire(address)) return this.refuse(ws, address, ErrorText.TooManyFromAddress, CloseCode.TryAgainLater);
    const state = new SocketState(ws, address, this.opts.limits.messagesPerSecond, this.opts.limits.messageBurst);
    ws.on('close', () => {
      this.addresses.release(address);
      if (state.client?.socket === ws) this.unregister(state.client, 'close');
    });
    const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const id = q.get('id'), token = q.get('token'), key = q.get('key'), kit = isKitClient(q);
    if (!id || !token || !key) return this.refuse(ws, address, ErrorText.MissingParams, CloseCode.PolicyViolation);
    const realm = this.realms.get(key);
    if (!realm) return this.refuse(ws, address, ErrorText.InvalidKey, CloseCode.PolicyViolation);
    if (!isValidId(id)) return this.refuse(ws, address, ErrorText.InvalidId, CloseCode.PolicyViolation);
    if (token.length > MAX_TOKEN_LENGTH) return this.refuse(ws, address, ErrorText.InvalidToken, CloseCode.PolicyViolation);
    const existing = realm.clients.get(id);
    if (existing && existing.token !== token) return this.idTaken(ws, address, key, id);
    if (!existing && this.realms.clientCount >= this.opts.concurrentLimit) {
      return this.refuse(ws, address, ErrorText.ConcurrentLimit, CloseCode.TryAgainLater);
    }
    const slot = `${key}\0${id}`;
    if (!this.routing.claiming.has(slot)) this.routing.claiming.set(slot, []);
    when(this.store.claim(key, id, token, Date.now()), (claim) => {
      const held = this.routing.claiming.get(slot) ?? [];
      this.routing.claiming.delete(slot);
      if (claim.taken) return this.idTaken(ws, address, key, id);
      if (ws.readyState !== WebSocket.OPEN) { // gone while we asked the store
        if (!realm.clients.has(id)) this.store.release(key, id, token);
        return;
      }
      if (claim.from !== undefined && claim.from !== this.store.node) this.store.publish(claim.from, { t: 'replaced', key, id });
      if (claim.stale) realm.presence.expired(id);
      const client = this.register(realm, state, { id, token, address, kit }, [...claim.queued.map((m) => m.text), ...held]);
      if (client && claim.presence && !client.discoverable) { // moved here from another node: still listed
        client.discoverable = true;
        if (claim.presence.metadata) client.metadata = claim.presence.metadata;
      }
    }, (err) => {
      this.routing.claiming.delete(slot);
      this.log.error('store.error', { op: 'claim', error: err.message });
      this.refuse(ws, address, ErrorText.ServerError, CloseCode.TryAgainLater);
    });
  }

  private register(realm: Realm, state: SocketState, who: { id: string; token: string; address: string; kit: boolean },
    pending: string[]): ServerClient | undefined {
    const { key } = realm, { id, token, address, kit } = who, ws = state.ws;
    const existing = realm.clients.get(id);
    if (existing && existing.token !== token) return void this.idTaken(ws, address, key, id);
    const client = existing ?? new ServerClient({ key, id, token, address, socket: ws, now: Date.now(), kit });
    if (existing) {
      // Same id and token: the client reconnected before we noticed the old socket died.
      const old = existing.socket;
      existing.socket = ws;
      existing.address = address;
      existing.kit = kit;
      existing.lastPing = Date.now();
      old.close(CloseCode.Replaced, 'Replaced by a newer connection');
    } else {
      realm.clients.set(id, client);
    }
    state.client = client;
    ws.on('message', (data, isBinary) => this.onFrame(state, data, isBinary));
    client.send({ type: MessageType.Open, payload: this.openPayload(id) });
    for (const text of pending) client.send(text);
    if (existing && existing.subscribed) realm.presence.sendSnapshot(existing);
    this.log.info(existing ? 'client.reattach' : 'client.open', { key, id, address });
    this.hooks.connection(client);
    return client;
  }

  private idTaken(ws: WebSocket, address: string, key: string, id: string): void {
    this.send(ws, { type: MessageType.IdTaken, payload: { msg: ErrorText.IdTaken } });
    ws.close(CloseCode.IdTaken, ErrorText.IdTaken);
    this.log.info('socket.refused', { address, key, id, reason: ErrorText.IdTaken });
  }

  /** Frees `client`'s id (if it still holds it), tells presence subscribers, emits `disconnect`. */
  unregister(client: ServerClient, reason: UnregisterReason): void {
    const realm = this.realms.get(client.key);
    if (!realm || realm.clients.get(client.id) !== client) return;
    realm.clients.delete(client.id);
    // A re-attach on another node owns the id now: don't free it there.
    if (reason !== 'replaced' && reason !== 'lost') this.store.release(client.key, client.id, client.token);
    realm.presence.removed(client, reason === 'replaced');
    realm.rooms.removed(client);
    if (reason === 'timeout') this.store.clearQueue(client.key, client.id);
    if (reason === 'replaced') client.socket.close(CloseCode.Replaced, 'Replaced by a newer connection');
    if (reason === 'lost') client.socket.close(CloseCode.TryAgainLater, 'Registration lapsed; reconnect');
    if (reason === 'leave') client.socket.close(CloseCode.Normal, 'Left');
    if (reason === 'dead-socket') client.socket.terminate();
    this.log.info('client.close', { key: client.key, id: client.id, reason });
    this.hooks.disconnect(client);
  }

  /** Stops timers and closes every socket; resolves when all are closed (terminated after `graceMs`). */
  async close(graceMs = 1000): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    for (const realm of this.realms.all()) {
      // Everyone here goes at once: telling each local subscriber about each leaver would be O(n²).
      // Other nodes still hear the leaves (through the store).
      realm.presence.dropSubscribers();
      for (const c of [...realm.clients.values()]) this.unregister(c, 'shutdown');
    }
    const stored = Promise.all([this.store.close(), this.roomStore.close()]);
    const closing = [...this.sockets].map((ws) => new Promise<void>((done) => {
      if (ws.readyState === WebSocket.CLOSED) return done();
      ws.once('close', () => done());
      ws.close(1001, 'Server shutting down');
    }));
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((done) => { timer = setTimeout(done, graceMs); });
    await Promise.race([Promise.all(closing), grace]);
    clearTimeout(timer);
    for (const ws of this.sockets) ws.terminate();
    await stored;
  }

  private onFrame(state: SocketState, data: RawData, isBinary: boolean): void {
    const client = state.client;
    if (!client || client.socket !== state.ws) return; // replaced or unregistered: not this socket's id any more
    const realm = this.realms.get(client.key);
    if (!realm || realm.clients.get(client.id) !== client) return;
    const now = Date.now();
    if (!state.bucket.take(now)) return this.rateLimited(state, client, now);
    if (isBinary) return this.reject(client, 'binary-frame');
    // ws hands over a Buffer (binaryType 'nodebuffer'): decode it in place, no copy.
    const text = Buffer.isBuffer(data) ? data.toString('utf8')
      : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
    const parsed = parseClientMessage(text, this.opts.limits.maxJsonDepth);
    if (!parsed.ok) return this.reject(client, parsed.code, typeOfFrame(text, parsed.code));
    const msg = parsed.value;
    if (this.hooks.wantsMessages?.() ?? true) this.hooks.message(client, { ...msg, src: client.id });
    const handler = handlers[msg.type] as (ctx: HandlerContext, c: ServerClient, m: ClientMessage) => void;
    const ctx = this.context(realm);
    ctx.now = now;
    handler(ctx, client, msg);
  }

  private rateLimited(state: SocketState, client: ServerClient, now: number): void {
    // Counting restarts after a quiet second, so only a sustained flood ends in a close.
    if (now - (this.lastRejectAt.get(state) ?? 0) > FLOOD_WINDOW_MS) state.rejectedInARow = 0;
    this.lastRejectAt.set(state, now);
    if (++state.rejectedInARow <= this.opts.limits.maxRejectedInARow) return this.reject(client, 'rate-limited');
    this.log.warn('client.flooding', { key: client.key, id: client.id, address: state.address });
    this.send(state.ws, { type: MessageType.Error, payload: { msg: ErrorText.Flooding } });
    state.ws.close(CloseCode.PolicyViolation, ErrorText.Flooding);
    this.unregister(client, 'flooding');
  }

  /** One handler context per realm, made once (this runs for every frame); `now` is set per frame. */
  private context(realm: Realm): HandlerContext {
    let ctx = this.contexts.get(realm);
    if (!ctx) this.contexts.set(realm, ctx = this.makeContext(realm));
    return ctx;
  }

  private makeContext(realm: Realm): HandlerContext {
    return {
      realm, now: 0, limits: this.opts.limits,
      reject: (c, code, type) => this.reject(c, code, type),
      unregister: (c, reason) => this.unregister(c, reason),
      elsewhere: (from, type, dst, text) => this.routing.elsewhere(realm.key, { src: from.id, type, dst, text, hops: 0 }, from),
    };
  }

  /** Tells a p2p-kit client its frame was dropped; a stock client gets PeerServer's silence. */
  private reject(client: ServerClient, code: RejectCode, type?: string): void {
    if (!client.kit) return;
    client.send({ type: MessageType.Rejected, payload: { code, msg: RejectText[code], ...(type ? { type } : {}) } });
  }

  private refuse(ws: WebSocket, address: string, msg: string, code: number, fields?: Record<string, unknown>): void {
    this.send(ws, { type: MessageType.Error, payload: { msg } });
    ws.close(code, msg);
    this.log.info('socket.refused', { address, reason: msg, ...fields });
  }

  private send(ws: WebSocket, msg: object): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  }

  private openPayload(id: string): OpenPayload {
    return {
      server: 'p2p-kit', version: PROTOCOL_VERSION, id,
      features: [...SERVER_FEATURES, ...(this.opts.allowDiscovery ? ['discovery'] : [])],
      ...(this.opts.iceServers || this.opts.turn ? { iceServers: iceServersFor(this.opts, id) } : {}),
    };
  }

  private sweepLiveness(): void {
    const now = Date.now();
    for (const realm of this.realms.all()) {
      for (const c of [...realm.clients.values()]) {
        if (now - c.lastPing < this.opts.aliveTimeout) continue;
        this.unregister(c, 'timeout');
        c.socket.close(CloseCode.Timeout, 'Heartbeat timeout');
      }
    }
  }

  /** True if `id` is registered under `key` with `token` (on any node). */
  registered(key: string, id: string, token: string): boolean | Promise<boolean> {
    return this.realms.get(key)?.clients.get(id)?.token === token || this.store.registered(key, id, token, Date.now());
  }

  /** Open sockets (registered or not). */
  get socketCount(): number {
    return this.sockets.size;
  }
}

/** The `type` of a refused frame, when it has one, so the sender knows which message bounced. */
function typeOfFrame(text: string, code: RejectCode): string | undefined {
  if (code === 'invalid-json' || code === 'too-deep') return undefined;
  try {
    const v: unknown = JSON.parse(text);
    const t = (v as { type?: unknown } | null)?.type;
    return typeof t === 'string' && t.length <= 64 ? t : undefined;
  } catch {
    return undefined;
  }
}
