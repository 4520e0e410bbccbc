/**
 * Routes relayed server messages to the Peer's connections: ANSWER/CANDIDATE by connectionId (kept
 * for later when the connection does not exist yet), LEAVE and EXPIRE per remote peer, OFFERs to
 * the existing connection (renegotiation) or back to the Peer (a new connection).
 */
import {
  MessageType, parseAnswerPayload, parseCandidatePayload, parseLeavePayload, parseOfferPayload,
  type JsonObject, type OfferPayload, type RelayedMessage,
} from '../protocol/index.js';
import { PeerError } from './errors.js';
import { MediaConnection, cancelPayload, type CloseReason } from './mediaconnection.js';
import type { AnyConnection, Registry } from './registry.js';

export interface InboundHooks {
  registry: Registry;
  /** An OFFER for a new connection (a repeated connectionId has already been closed, as in PeerJS). */
  incoming(src: string, p: OfferPayload): void;
  error(err: PeerError): void;
  /** Sends a LEAVE with `payload` to `dst` (a caller's late cancel). */
  leave(dst: string, payload: JsonObject): void;
}

/** Ends a connection for `reason` (calls keep it as `closeReason`). */
export function endConnection(c: AnyConnection, reason: CloseReason): void {
  if (c instanceof MediaConnection) c.end(reason);
  else c.close();
}

/** Hands one stored or live ANSWER/CANDIDATE to its connection. */
export function deliver(conn: AnyConnection, m: RelayedMessage): void {
  if (m.type === MessageType.Answer) {
    const p = parseAnswerPayload(m.payload);
    if (p) conn.handleAnswer(p);
  } else if (m.type === MessageType.Candidate) {
    const p = parseCandidatePayload(m.payload);
    if (p) conn.handleCandidate(p);
  }
}

export function routeRelayed(m: RelayedMessage, h: InboundHooks): void {
  const { registry } = h;
  switch (m.type) {
    case MessageType.Leave: {
      // A p2p-kit caller's cancel ends just that call; any other LEAVE keeps PeerJS's meaning.
      const p = parseLeavePayload(m.payload);
      if (p?.kit?.cancel) {
        const c = registry.get(m.src, p.connectionId);
        if (c) endConnection(c, 'cancelled');
        return;
      }
      for (const c of registry.of(m.src)) endConnection(c, 'remote-hangup');
      return;
    }
    case MessageType.Expire:
      h.error(new PeerError('peer-unavailable', `Could not connect to peer ${m.src}`));
      for (const c of registry.of(m.src)) if (!c.open) endConnection(c, 'unavailable');
      return;
    case MessageType.Offer: {
      const p = parseOfferPayload(m.payload);
      if (!p) return;
      const existing = registry.get(m.src, p.connectionId);
      if (existing && p.kit?.renegotiate) return existing.handleOffer(p);
      if (existing) existing.close(); // PeerJS semantics: a repeated OFFER replaces the connection
      h.incoming(m.src, p);
      return;
    }
    default: {
      const cid = (m.payload as JsonObject | undefined)?.connectionId;
      if (typeof cid !== 'string') return;
      const conn = registry.get(m.src, cid);
      if (conn) deliver(conn, m);
      else if (m.type === MessageType.Answer && parseAnswerPayload(m.payload)?.kit?.ringing) {
        // A p2p-kit callee rings for a call we already gave up: now we know we may cancel it.
        if (registry.takeRingCancel(m.src, cid)) h.leave(m.src, cancelPayload(cid));
      } else registry.keep(cid, m);
    }
  }
}
