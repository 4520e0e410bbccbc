/**
 * An in-page signalling network: a tiny relay speaking the same protocol messages as our server
 * (OPEN with server info, relay of OFFER/ANSWER/CANDIDATE/LEAVE, offline queue with EXPIRE,
 * ID-TAKEN, presence, rooms), so stories and tests can run several Peers in one page with no server:
 * `const net = createLoopbackNetwork(); new Peer('a', { transport: net.transport() })`.
 */
import {
  MessageType, PROTOCOL_VERSION, ROOM_FEATURE, isValidId, parseClientMessage,
  type IceServerList, type JsonObject, type OpenPayload, type PresencePeer, type ServerMessage,
} from '../protocol/index.js';
import { LoopbackRooms } from './loopback-rooms.js';
import type { SignalTransport, SocketLike } from './transport.js';

export interface LoopbackOptions {
  /** How long a message for an absent peer waits before the sender gets EXPIRE (ms, default 5000). */
  expireTimeout?: number;
  /** Sent to peers in OPEN (they use them when no `config` is given). */
  iceServers?: IceServerList;
  /** Members per room (default 6, like the server). */
  roomCap?: number;
}

export interface LoopbackNetwork {
  /** A transport for one Peer (each call may be used by any number of Peers). */
  transport(): SignalTransport;
  /** Ids registered now. */
  peers(): string[];
  /** Drops the socket of `id` as a network failure would (the Peer reconnects). */
  drop(id: string): void;
  /** Closes every socket. */
  close(): void;
}

class LoopSocket implements SocketLike {
  readyState = 0;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(private readonly toServer: (text: string) => void, private readonly gone: () => void) {}
  send(text: string): void { if (this.readyState === 1) setTimeout(() => this.toServer(text), 0); }
  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    this.gone();
    setTimeout(() => this.onclose?.({ code, reason }), 0);
  }
  /** Server → client. */
  deliver(m: ServerMessage): void { if (this.readyState === 1) setTimeout(() => this.onmessage?.({ data: JSON.stringify(m) }), 0); }
}

interface Client { token: string; socket: LoopSocket; discoverable: boolean; subscribe: boolean; metadata?: JsonObject }

/** Creates an isolated in-memory signalling network. */
export function createLoopbackNetwork(opts: LoopbackOptions = {}): LoopbackNetwork {
  const clients = new Map<string, Client>();
  const queues = new Map<string, { src: string; m: ServerMessage }[]>();
  const expire = opts.expireTimeout ?? 5000;
  const rooms = new LoopbackRooms((id, payload) => clients.get(id)?.socket.deliver({ type: MessageType.Room, payload }), opts.roomCap);

  const listed = (): PresencePeer[] => [...clients].filter(([, c]) => c.discoverable)
    .map(([id, c]) => (c.metadata ? { id, metadata: c.metadata } : { id }));
  const push = (except: string, payload: Extract<ServerMessage, { type: 'P2PKIT-PRESENCE' }>['payload']): void => {
    for (const [id, c] of clients) if (c.subscribe && id !== except) c.socket.deliver({ type: MessageType.Presence, payload });
  };
  const unregister = (id: string, socket: LoopSocket): void => {
    const c = clients.get(id);
    if (c?.socket !== socket) return;
    clients.delete(id);
    rooms.removed(id);
    if (c.discoverable) push(id, { event: 'leave', id });
  };

  const relay = (src: string, text: string): void => {
    const r = parseClientMessage(text);
    const me = clients.get(src);
    if (!r.ok || !me) return;
    const m = r.value;
    if (m.type === MessageType.Heartbeat) return;
    if (m.type === MessageType.Presence) {
      const was = me.discoverable;
      if (m.payload.discoverable !== undefined) me.discoverable = m.payload.discoverable;
      if (m.payload.metadata) me.metadata = m.payload.metadata;
      const subscribed = m.payload.subscribe === true && !me.subscribe;
      if (m.payload.subscribe !== undefined) me.subscribe = m.payload.subscribe;
      const peer = me.metadata ? { id: src, metadata: me.metadata } : { id: src };
      if (me.discoverable && !was) push(src, { event: 'join', peer });
      else if (me.discoverable && m.payload.metadata) push(src, { event: 'update', peer });
      else if (!me.discoverable && was) push(src, { event: 'leave', id: src });
      if (subscribed) me.socket.deliver({ type: MessageType.Presence, payload: { event: 'snapshot', peers: listed().filter((p) => p.id !== src) } });
      return;
    }
    if (m.type === MessageType.Room) return rooms.apply(src, m.payload);
    if (!m.dst) { if (m.type === MessageType.Leave) me.socket.close(); return; }
    const out = { type: m.type, src, dst: m.dst, ...(m.payload ? { payload: m.payload } : {}) } as ServerMessage;
    const to = clients.get(m.dst);
    if (to) return to.socket.deliver(out);
    if (m.type === MessageType.Leave || m.type === MessageType.Expire) return;
    const dst = m.dst;
    if (!queues.has(dst)) {
      queues.set(dst, []);
      setTimeout(() => {
        const q = queues.get(dst);
        queues.delete(dst);
        for (const s of new Set(q?.map((x) => x.src))) clients.get(s)?.socket.deliver({ type: MessageType.Expire, src: dst, dst: s });
      }, expire);
    }
    queues.get(dst)!.push({ src, m: out });
  };

  const connect = (id: string, token: string): SocketLike => {
    const socket: LoopSocket = new LoopSocket((text) => relay(id, text), () => unregister(id, socket));
    setTimeout(() => {
      if (socket.readyState !== 0) return;
      socket.readyState = 1;
      socket.onopen?.({});
      const held = clients.get(id);
      if (!isValidId(id)) {
        socket.deliver({ type: MessageType.Error, payload: { msg: 'Invalid id provided' } });
        return void setTimeout(() => socket.close(1008), 0);
      }
      if (held && held.token !== token) {
        socket.deliver({ type: MessageType.IdTaken, payload: { msg: 'ID is taken' } });
        return void setTimeout(() => socket.close(4001), 0);
      }
      if (held) held.socket.close(4003);
      clients.set(id, { token, socket, discoverable: false, subscribe: false });
      const open: OpenPayload = { server: 'p2p-kit', id, version: PROTOCOL_VERSION, features: ['presence', ROOM_FEATURE], ...(opts.iceServers ? { iceServers: opts.iceServers } : {}) };
      socket.deliver({ type: MessageType.Open, payload: open });
      const q = queues.get(id);
      queues.delete(id);
      for (const x of q ?? []) socket.deliver(x.m);
    }, 0);
    return socket;
  };

  let n = 0;
  const net = `loopback-${Math.random().toString(36).slice(2)}`;
  return {
    transport: () => ({
      name: net,
      connect,
      newId: async () => `loop${++n}${Math.random().toString(36).slice(2, 8)}`,
      listPeers: async () => [...clients.keys()],
    }),
    peers: () => [...clients.keys()],
    drop(id) { clients.get(id)?.socket.close(1006, 'dropped'); },
    close() { for (const c of [...clients.values()]) c.socket.close(1001); },
  };
}


