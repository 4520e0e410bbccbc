/**
 * The WebSocket side of the server: handshake and registration (PROTOCOL.md §1.2), liveness and
 * queue-expiry sweeps. Transport-agnostic: it receives accepted `ws` sockets. The handshake checks,
 * the per-frame path and the refusals live beside it (signalling-*.ts).
 */
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import {
  AuthText, CloseCode, ErrorText, MessageType, PROTOCOL_VERSION, ROOM_FEATURE, type AuthGrants, type OpenPayload,
} from '../protocol/index.js';
import { ServerClient, SocketState } from './client.js';
import { AddressCounter, remoteAddress } from './limits.js';
import type { Log } from './log.js';
import type { ResolvedOptions } from './options.js';
import { Realms, type Realm } from './realm.js';
import { Routing } from './routing.js';
import { roomsFor, type RoomStore } from './rooms-setup.js';
import { Frames, rejectFrame, type InboundMessage } from './signalling-frames.js';
import { readHandshake, type Handshake } from './signalling-handshake.js';
import { refuse, refuseIdTaken } from './signalling-refuse.js';
import { MemoryStore, when, type NodeMessage, type Store } from './store.js';
import { RedisStore } from './store-redis.js';
import { iceServersFor } from './turn.js';

export type { InboundMessage } from './signalling-frames.js';

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

/** `replaced`: a re-attach on another node took the id; `lost`: this node stalled past the store's TTL. */
type UnregisterReason = 'close' | 'leave' | 'timeout' | 'dead-socket' | 'flooding' | 'shutdown' | 'replaced' | 'lost';

export class Signalling {
  readonly realms: Realms;
  private readonly addresses: AddressCounter;
  /** Every accepted socket, registered or not, so `close()` can end them all. */
  private readonly sockets = new Set<WebSocket>();
  private readonly timers: NodeJS.Timeout[] = [];
  /** Shared state: this process's memory, or Redis. */
  readonly store: Store;
  private readonly routing: Routing;
  private readonly roomStore: RoomStore;
  private readonly frames: Frames;

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
      reject: rejectFrame, unregister: (c, reason) => this.unregister(c, reason),
    });
    this.frames = new Frames({
      opts, log, realms: this.realms, routing: this.routing,
      message: (c, m) => hooks.message(c, m), wantsMessages: () => hooks.wantsMessages?.() ?? true,
      unregister: (c, reason) => this.unregister(c, reason),
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
      return refuse(ws, this.log, address, ErrorText.OriginNotAllowed, CloseCode.PolicyViolation, { origin });
    }
    if (!this.addresses.acquire(address)) return refuse(ws, this.log, address, ErrorText.TooManyFromAddress, CloseCode.TryAgainLater);
    const state = new SocketState(ws, address, this.opts.limits.messagesPerSecond, this.opts.limits.messageBurst);
    ws.on('close', () => {
      this.addresses.release(address);
      if (state.client?.socket === ws) this.unregister(state.client, 'close');
    });
    const hs = readHandshake(req.url, this.realms, this.opts.concurrentLimit, !!this.opts.auth);
    if ('refuse' in hs) return refuse(ws, this.log, address, hs.refuse, hs.code);
    if ('idTaken' in hs) return refuseIdTaken(ws, this.log, address, hs.key, hs.id);
    if (!this.opts.auth) return this.claim(state, hs, undefined);
    this.opts.auth(hs.jwt, hs.id, hs.key).then((verdict) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (verdict.ok) return this.claim(state, hs, verdict.grants);
      const fields = { key: hs.key, id: hs.id, auth: verdict.refusal, detail: verdict.detail };
      // A stock PeerJS client knows only PeerServer's refusal of an id; ours learn why.
      if (!hs.kit) return refuseIdTaken(ws, this.log, address, hs.key, hs.id);
      refuse(ws, this.log, address, AuthText[verdict.refusal], CloseCode.PolicyViolation, fields);
    }, (err: Error) => {
      this.log.error('auth.error', { key: hs.key, id: hs.id, error: err.message });
      refuse(ws, this.log, address, ErrorText.ServerError, CloseCode.TryAgainLater);
    });
  }

  /** Asks the store for the id, then registers (with the token's grants, when auth is on). */
  private claim(state: SocketState, hs: Handshake, grants: AuthGrants | undefined): void {
    const { ws, address } = state, { id, token, key, kit, realm } = hs;
    const slot = `${key}\0${id}`;
    if (!this.routing.claiming.has(slot)) this.routing.claiming.set(slot, []);
    when(this.store.claim(key, id, token, Date.now()), (claim) => {
      const held = this.routing.claiming.get(slot) ?? [];
      this.routing.claiming.delete(slot);
      if (claim.taken) return refuseIdTaken(ws, this.log, address, key, id);
      if (ws.readyState !== WebSocket.OPEN) { // gone while we asked the store
        if (!realm.clients.has(id)) this.store.release(key, id, token);
        return;
      }
      if (claim.from !== undefined && claim.from !== this.store.node) this.store.publish(claim.from, { t: 'replaced', key, id });
      if (claim.stale) realm.presence.expired(id);
      const client = this.register(realm, state, { id, token, address, kit }, [...claim.queued.map((m) => m.text), ...held]);
      if (client) client.grants = grants;
      if (client && claim.presence && !client.discoverable && grants?.discoverable !== false) { // moved here from another node: still listed
        client.discoverable = true;
        if (claim.presence.metadata) client.metadata = claim.presence.metadata;
      }
    }, (err) => {
      this.routing.claiming.delete(slot);
      this.log.error('store.error', { op: 'claim', error: err.message });
      refuse(ws, this.log, address, ErrorText.ServerError, CloseCode.TryAgainLater);
    });
  }

  private register(realm: Realm, state: SocketState, who: { id: string; token: string; address: string; kit: boolean },
    pending: string[]): ServerClient | undefined {
    const { key } = realm, { id, token, address, kit } = who, ws = state.ws;
    const existing = realm.clients.get(id);
    if (existing && existing.token !== token) return void refuseIdTaken(ws, this.log, address, key, id);
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
    ws.on('message', (data, isBinary) => this.frames.onFrame(state, data, isBinary));
    client.send({ type: MessageType.Open, payload: this.openPayload(id) });
    for (const text of pending) client.send(text);
    if (existing && existing.subscribed) realm.presence.sendSnapshot(existing);
    this.log.info(existing ? 'client.reattach' : 'client.open', { key, id, address });
    this.hooks.connection(client);
    return client;
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
