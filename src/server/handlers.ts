/**
 * What the server does with each parsed client message: a handler map, as in PeerServer's
 * handlers registry. Relays are rebuilt as exactly `{type, src, dst, payload}` with `src` forced.
 */
import { MessageType, type ClientMessage, type JsonObject, type RejectCode, type Limits } from '../protocol/index.js';
import type { ServerClient } from './client.js';
import type { Realm } from './realm.js';

/** What handlers may do besides sending. */
export interface HandlerContext {
  realm: Realm;
  limits: Limits;
  now: number;
  reject(client: ServerClient, code: RejectCode, type?: string): void;
  /** Removes a registration; the caller's socket is closed with 1000 for a client LEAVE. */
  unregister(client: ServerClient, reason: 'leave' | 'dead-socket'): void;
  /** Relays to a `dst` not registered on this node: another node's, else the offline queue. */
  elsewhere(from: ServerClient, type: string, dst: string, text: string): void;
}

type HandlerMap = { [T in ClientMessage['type']]: (ctx: HandlerContext, client: ServerClient, msg: Extract<ClientMessage, { type: T }>) => void };

/**
 * Delivers a relayed message to `dst` (here or on another node), or queues it while `dst` is offline
 * (never LEAVE/EXPIRE).
 * A slow reader doesn't get its socket dropped: messages beyond its buffer cap are refused to the
 * sender instead, so no peer can make the server drop another peer's socket.
 */
export function relay(ctx: HandlerContext, from: ServerClient, type: string, dst: string, payload: JsonObject | undefined): void {
  const text = JSON.stringify({ type, src: from.id, dst, payload });
  const target = ctx.realm.clients.get(dst);
  if (target) {
    if (target.open) {
      if (target.socket.bufferedAmount > ctx.limits.maxQueuedBytesPerDestination) ctx.reject(from, 'queue-full', type);
      else target.socket.send(text);
      return;
    }
    // Registered but its socket is already closing: PeerServer's "send failed" path. Free the id
    // and tell the sender the peer left.
    ctx.unregister(target, 'dead-socket');
    if (type !== MessageType.Leave) from.send({ type: MessageType.Leave, src: dst, dst: from.id });
    return;
  }
  ctx.elsewhere(from, type, dst, text);
}

const relayHandler = (ctx: HandlerContext, client: ServerClient, msg: { type: string; dst: string; payload?: JsonObject }): void =>
  relay(ctx, client, msg.type, msg.dst, msg.payload);

/** One handler per client message type. */
export const handlers: HandlerMap = {
  [MessageType.Heartbeat]: (ctx, client) => {
    client.lastPing = ctx.now;
  },
  [MessageType.Offer]: relayHandler,
  [MessageType.Answer]: relayHandler,
  [MessageType.Candidate]: relayHandler,
  [MessageType.Expire]: relayHandler,
  [MessageType.Leave]: (ctx, client, msg) => {
    if (msg.dst) relay(ctx, client, msg.type, msg.dst, msg.payload);
    else ctx.unregister(client, 'leave');
  },
  [MessageType.Presence]: (ctx, client, msg) => {
    const refused = ctx.realm.presence.apply(client, msg.payload);
    if (refused) ctx.reject(client, refused, msg.type);
  },
  [MessageType.Room]: (ctx, client, msg) => ctx.realm.rooms.apply(client, msg.payload),
};
