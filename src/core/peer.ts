/**
 * `Peer`: PeerJS's API on p2p-kit's core. It coordinates: the signalling socket ({@link Signalling}),
 * the connection book ({@link Registry}), presence ({@link PresenceList}); connections negotiate
 * themselves through a narrow signal port.
 */
import {
  MessageType, ROOM_FEATURE, type Json, type OfferPayload, type RoomRequest, type OpenPayload, type PresencePeer, type PresenceRequest, type ServerMessage,
} from '../protocol/index.js';
import type { ConnectionContext } from './base-connection.js';
import type { DataConnection } from './dataconnection.js';
import { AuthToken } from './auth-token.js';
import { systemClock } from './clock.js';
import { Emitter } from './emitter.js';
import { PeerError } from './errors.js';
import { IceServerSource, type IceServerList } from './ice-servers.js';
import { deliver, endConnection, routeRelayed } from './inbound.js';
import { MediaConnection } from './mediaconnection.js';
import { applyIceServers, incomingData, outgoingData } from './peer-connections.js';
import { transportFor, type PeerOptions } from './peer-options.js';
import { warmUp, webRTCFor } from './webrtc-env.js';
import { resolveRegistration, type Registration } from './peer-registration.js';
import type { CallOptions, ConnectOptions, PeerEvents, PeerState } from './peer-types.js';
import { PresenceList } from './presence.js';
import { Registry, type AnyConnection } from './registry.js';
import { Signalling } from './signalling.js';
import { tokenStore } from './token-store.js';
import type { SignalTransport } from './transport.js';
import { randomToken } from './util.js';

export type { CallOptions, ConnectOptions, PeerEvents, PeerState } from './peer-types.js';

export class Peer extends Emitter<PeerEvents> {
  readonly options: PeerOptions;
  /** Server info from our server's OPEN (undefined with a stock PeerServer). */
  serverInfo: OpenPayload | undefined;
  private _id: string | null = null;
  private _state: PeerState = 'connecting';
  private token = '';
  private everOpened = false;
  private readonly transport: SignalTransport;
  private readonly signalling: Signalling;
  private readonly registry = new Registry();
  private readonly presenceList = new PresenceList();
  private presenceRequest: PresenceRequest | undefined;
  private readonly ice: IceServerSource;
  private readonly auth: AuthToken | undefined;
  private readonly opened: Promise<void>;
  private registration: Registration | undefined;
  private resolveOpened!: () => void;
  private rejectOpened!: (e: PeerError) => void;

  constructor(id?: string | PeerOptions, options?: PeerOptions) {
    super();
    if (id && typeof id === 'object') { options = id; id = undefined; }
    this.options = { ...options };
    this.auth = this.options.authToken === undefined ? undefined : new AuthToken({
      token: this.options.authToken, refresh: this.options.refreshAuthToken, clock: this.options.clock ?? systemClock,
      failed: (cause) => this.emit('error', new PeerError('unauthorized', 'Could not refresh the auth token', { cause })),
    });
    this.transport = transportFor(this.options, () => this.auth?.current);
    this.opened = new Promise((res, rej) => { this.resolveOpened = res; this.rejectOpened = rej; });
    this.opened.catch(() => undefined);
    const { transport } = this;
    this.ice = new IceServerSource({
      clock: this.options.clock ?? systemClock,
      fetch: transport.iceServers ? () => transport.iceServers!(this._id!, this.token) : undefined,
      updated: (list) => this.onIceServers(list),
    });
    this.signalling = new Signalling({
      transport: this.transport, pingInterval: this.options.pingInterval, reconnect: this.options.reconnect, clock: this.options.clock,
    }, {
      open: (p) => this.onOpen(p),
      message: (m) => this.onMessage(m),
      lost: (retrying) => this.onLost(retrying),
      error: (e) => this.abort(e),
      retryToken: () => { const t = this.registration?.storedToken(); if (t) this.token = t; return t; },
    });
    queueMicrotask(() => void this.init(id as string | undefined));
  }

  /** This peer's id; `null` until the server assigned one (when none was given). */
  get id(): string | null { return this._id; }
  get state(): PeerState { return this._state; }
  /** True while registered with the signalling server. */
  get open(): boolean { return this._state === 'open'; }
  /** True when not connected to the server (connections may still be up). */
  get disconnected(): boolean { return this._state !== 'open' && this._state !== 'connecting'; }
  get destroyed(): boolean { return this._state === 'closed' || this._state === 'failed'; }
  /** PeerJS's `{ [peerId]: connection[] }`. */
  get connections(): Record<string, AnyConnection[]> { return this.registry.snapshot(); }
  /** Discoverable peers (our server, after `setPresence({ subscribe: true })`). */
  get presence(): PresencePeer[] { return this.presenceList.list(); }

  /** Connects to `peer` for data. */
  connect(peer: string, options: ConnectOptions = {}): DataConnection {
    return this.adopt(outgoingData(options, this.options.maxMessageSize, (cid) => this.context(peer, cid, options.metadata)));
  }

  /** Calls `peer`, sending `stream` (omit it for a receive-only call). */
  call(peer: string, stream?: MediaStream, options: CallOptions = {}): MediaConnection {
    const connectionId = options.connectionId ?? `mc_${randomToken()}`;
    return this.adopt(new MediaConnection({ ...this.context(peer, connectionId, options.metadata), stream }));
  }

  /** Closes the socket to the server; connections stay up. `reconnect()` re-registers the same id. */
  disconnect(): void {
    if (this.destroyed || this._state === 'disconnected') return;
    this.signalling.stop();
    this.ice.stop();
    this.presenceList.clear();
    this.setState('disconnected');
    if (this._id) this.emit('disconnected', this._id);
  }

  /** Re-registers with the same id and token after `disconnect()` (or after automatic reconnection gave up). */
  reconnect(): void {
    if (this.destroyed || this._state !== 'disconnected' || !this._id) return;
    this.setState('connecting');
    this.signalling.start(this._id, this.token);
  }

  /** Closes every connection and the socket; the id is given up. */
  destroy(): void {
    if (this.destroyed) return;
    this.teardown();
    this.setState('closed');
    this.emit('close');
  }

  /**
   * Ids registered on the server (needs discovery: PeerServer's `allow_discovery`), also handed to
   * `cb` like PeerJS. A failure (e.g. 401 when discovery is off) is emitted as `error`
   * (`server-error`) and rejects the promise, which is marked handled: `listAllPeers(cb)` ignoring the
   * result is safe. Unlike PeerJS, a failure does not end the Peer. An exception thrown by `cb` is
   * reported like one thrown by an event listener (uncaught), not as a rejection.
   */
  listAllPeers(cb?: (ids: string[]) => void): Promise<string[]> {
    const listed = this.transport.listPeers().then((ids) => {
      try { cb?.(ids); } catch (err) { queueMicrotask(() => { throw err; }); }
      return ids;
    }, (err: unknown) => {
      const e = err instanceof PeerError ? err : new PeerError('server-error', 'Could not list peers', { cause: err });
      this.emit('error', e);
      throw e;
    });
    listed.catch(() => undefined);
    return listed;
  }

  /** Asks our server for presence: be listed (`discoverable`), get the list (`subscribe`), show `metadata`. Kept across reconnects. */
  setPresence(req: PresenceRequest): void {
    this.presenceRequest = { ...this.presenceRequest, ...req };
    this.signalling.send({ type: MessageType.Presence, payload: req });
  }

  /** True when the server we are registered with speaks rooms (ours does; a stock PeerServer does not). */
  get supportsRooms(): boolean { return !!this.serverInfo?.features.includes(ROOM_FEATURE); }

  /** Sends a room request (used by `Room`); false if not registered with a server that speaks rooms. */
  sendRoom(req: RoomRequest): boolean {
    if (this._state !== 'open' || !this.supportsRooms) return false;
    this.signalling.send({ type: MessageType.Room, payload: req });
    return true;
  }

  /** PeerJS: the connection with `connectionId` to `peer`, or null. */
  getConnection(peer: string, connectionId: string): AnyConnection | null {
    return this.registry.get(peer, connectionId) ?? null;
  }

  private async init(id: string | undefined): Promise<void> {
    const r = await resolveRegistration(this.transport, this.options, id, () => this.destroyed);
    if (!r) return;
    if (r instanceof PeerError) return this.abort(r);
    this._id = r.id;
    this.token = r.token;
    this.registration = r;
    this.signalling.start(r.id, r.token);
    if (!this.destroyed) r.claim(); // a socket that failed at once already ended the Peer
  }

  private context(peer: string, connectionId: string, metadata: Json | undefined): ConnectionContext {
    return {
      peer, connectionId, metadata,
      signal: (type, payload) => this.signalling.send({ type, dst: peer, payload }),
      createPeerConnection: () => this.createPeerConnection(),
      forget: () => { const c = this.registry.get(peer, connectionId); if (c) this.registry.remove(c); },
      cancelOnRing: () => this.registry.cancelOnRing(peer, connectionId),
    };
  }

  private adopt<C extends AnyConnection>(conn: C): C {
    if (this.destroyed || this._state === 'disconnected') {
      this.emit('error', new PeerError('disconnected', 'Cannot connect to new Peer after disconnecting from server.'));
      queueMicrotask(() => conn.close());
      return conn;
    }
    this.registry.add(conn);
    for (const m of this.registry.takeEarly(conn.connectionId)) deliver(conn, m);
    return conn;
  }

  private async createPeerConnection(): Promise<RTCPeerConnection> {
    if (!this.options.config) await this.opened; // the server may announce ICE servers in OPEN
    const PC = (await webRTCFor(this.options)).RTCPeerConnection;
    const config = this.options.config ?? { iceServers: this.ice.current ?? [] };
    return new PC(config);
  }

  private setState(s: PeerState): void {
    const prev = this._state;
    if (prev === s) return;
    this._state = s;
    this.emit('state', s, prev);
  }

  private onOpen(p: OpenPayload | undefined): void {
    if (p) this.serverInfo = p;
    // Every OPEN (also after a reconnect) brings fresh credentials; refresh them before they expire.
    if (!this.options.config) this.ice.set(p?.iceServers);
    this.everOpened = true;
    this.auth?.registered();
    this.setState('open');
    this.resolveOpened();
    if (this.presenceRequest) this.signalling.send({ type: MessageType.Presence, payload: this.presenceRequest });
    this.emit('open', this._id!);
    warmUp(this.options);
  }

  private onLost(retrying: boolean): void {
    const wasOpen = this._state === 'open';
    this.ice.stop(); // the /ice route answers registered peers only; the next OPEN brings a new list
    this.presenceList.clear();
    this.setState(retrying ? 'reconnecting' : 'disconnected');
    if (wasOpen && this._id) this.emit('disconnected', this._id);
  }

  /** Fatal for the registration: `failed` if never opened, else `disconnected` (connections stay). */
  private abort(err: PeerError): void {
    if (this.destroyed) return;
    if (this.auth?.recover(err, () => this._id && this.signalling.start(this._id, this.token), () => this.abort(err))) return;
    if (!this.everOpened || err.type === 'invalid-id' || err.type === 'browser-incompatible') {
      this.teardown();
      this.rejectOpened(err);
      this.setState('failed');
    } else {
      this.signalling.stop();
      this.ice.stop();
      this.setState('disconnected');
    }
    this.emit('error', err);
  }

  private teardown(): void {
    // Connections end first so their last words (a caller's cancel) still reach the server; then a
    // dst-less LEAVE frees our id at once (PeerServer would hold it until the socket close is noticed).
    for (const c of this.registry.all()) endConnection(c, 'destroyed');
    this.signalling.send({ type: MessageType.Leave });
    this.signalling.stop();
    this.ice.stop();
    this.auth?.stop();
    this.registry.clear();
    this.presenceList.clear();
    this.rejectOpened(new PeerError('disconnected', 'Peer destroyed'));
    if (this._id) tokenStore.release(this.transport.name, this._id);
  }

  /** A refreshed list: new connections use it, `serverInfo` shows it, live connections get it for their next ICE restart. */
  private onIceServers(list: IceServerList): void {
    if (this.serverInfo) this.serverInfo = { ...this.serverInfo, iceServers: list };
    applyIceServers(this.registry.all(), list);
  }

  private onMessage(m: ServerMessage): void {
    if (m.type === MessageType.Presence) {
      if (this.presenceList.apply(m.payload)) this.emit('presence', this.presenceList.list());
      return;
    }
    if (m.type === MessageType.Room) { this.emit('room', m.payload); return; }
    if (m.type === MessageType.Rejected) {
      this.emit('error', new PeerError('server-error', `Server refused a message: ${m.payload.msg}`));
      return;
    }
    if ('src' in m) {
      routeRelayed(m, {
        registry: this.registry, incoming: (src, p) => this.onOffer(src, p), error: (e) => this.emit('error', e),
        leave: (dst, payload) => this.signalling.send({ type: MessageType.Leave, dst, payload }),
      });
    }
  }

  private onOffer(src: string, p: OfferPayload): void {
    const ctx = this.context(src, p.connectionId, p.metadata);
    if (p.type === 'media') {
      const call = this.adopt(new MediaConnection({ ...ctx, offer: p }));
      this.emit('call', call);
      return;
    }
    const conn = this.adopt(incomingData(ctx, p, this.options.maxMessageSize));
    this.emit('connection', conn);
  }
}
