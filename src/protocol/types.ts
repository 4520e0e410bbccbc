/**
 * The signalling wire: PeerServer's JSON protocol (see PROTOCOL.md) plus p2p-kit's extensions.
 * Server and core both import these shapes; nothing else defines them.
 *
 * Extensions follow one rule: stock PeerJS clients and stock PeerServers keep working. They ride
 * inside `payload` (ignored by PeerJS) or use `P2PKIT-*` message types that the server sends only to
 * clients that opted in, and that a stock PeerServer silently drops.
 */
import type { RoomEvent, RoomRequest } from './rooms.js';

/** Every message type on the wire. */
export const MessageType = {
  /** S→C: registration accepted. Our server adds an {@link OpenPayload} (PeerJS ignores OPEN's payload). */
  Open: 'OPEN',
  /** S→C: fatal; the server closes the socket right after. `payload.msg` is one of {@link ErrorText}. */
  Error: 'ERROR',
  /** S→C: the id is held by another token; socket closed after. */
  IdTaken: 'ID-TAKEN',
  /** S→C: legacy cloud only; never sent by PeerServer 1.x nor by us. */
  InvalidKey: 'INVALID-KEY',
  /** C→S: liveness; the only thing that refreshes it. Never relayed. */
  Heartbeat: 'HEARTBEAT',
  Offer: 'OFFER',
  Answer: 'ANSWER',
  Candidate: 'CANDIDATE',
  /** C→S→C relayed; without `dst` a client LEAVE unregisters the sender. */
  Leave: 'LEAVE',
  /** S→C: a queued message to `src` could not be delivered in time. */
  Expire: 'EXPIRE',
  /** p2p-kit extension, both directions: live presence (see {@link PresenceRequest}, {@link PresenceEvent}). */
  Presence: 'P2PKIT-PRESENCE',
  /**
   * p2p-kit extension, S→C: a frame was refused but the session goes on (see {@link RejectCode}).
   * Sent only to sockets whose URL carries `kit=1` (see `KIT_PARAM`); other clients get PeerServer's
   * silent drop.
   */
  Rejected: 'P2PKIT-REJECTED',
  /** p2p-kit extension, both directions: room membership (see `rooms.ts`). */
  Room: 'P2PKIT-ROOM',
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Types the server relays from one client to another. */
export const RELAYED_TYPES: ReadonlySet<string> = new Set([
  MessageType.Offer, MessageType.Answer, MessageType.Candidate, MessageType.Leave, MessageType.Expire,
]);

/** A JSON value as it comes off the wire (after validation it is only ever read, never trusted). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Why a p2p-kit callee refuses a call (`no-answer`: it rang until its own timeout ran out). */
export type RejectReason = 'declined' | 'busy' | 'no-answer';

/** What p2p-kit peers add inside OFFER/ANSWER payloads so they can recognise each other. */
export interface KitInfo {
  /** Extension version; 1 for now. */
  v: number;
  /** Features the sender supports, e.g. `renegotiate`, `ice-restart`. */
  features?: string[];
  /** On an OFFER: this is a renegotiation of an existing connection, not a new one. */
  renegotiate?: boolean;
  /**
   * On an ANSWER without `sdp`, sent only to p2p-kit peers: the callee refuses the call.
   * (A PeerJS caller would choke on an ANSWER without sdp, so never send this to one.)
   */
  reject?: RejectReason;
  /**
   * On an ANSWER without `sdp`, sent only to p2p-kit callers right after their media OFFER arrived:
   * the callee is ringing (so the caller knows it may send a {@link LeavePayload} cancel).
   */
  ringing?: true;
  /** On a LEAVE with a {@link LeavePayload}: the caller gave up on this one unanswered call. */
  cancel?: true;
}

export interface SessionDescriptionJson { type: 'offer' | 'answer' | 'pranswer' | 'rollback'; sdp?: string }
export interface IceCandidateJson {
  candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null; usernameFragment?: string | null;
}

/** OFFER payload as PeerJS 1.5 sends and expects it (PROTOCOL.md §2.1). */
export interface OfferPayload {
  sdp: SessionDescriptionJson;
  type: 'data' | 'media';
  connectionId: string;
  metadata?: Json;
  label?: string;
  reliable?: boolean;
  serialization?: string;
  kit?: KitInfo;
}
export interface AnswerPayload {
  /** Absent only on a p2p-kit rejection (`kit.reject`) or ringing acknowledgement (`kit.ringing`). */
  sdp?: SessionDescriptionJson; type: 'data' | 'media'; connectionId: string; kit?: KitInfo;
}
/**
 * A LEAVE's payload between p2p-kit peers: with `kit.cancel`, only connection `connectionId` ends.
 * Never sent to a PeerJS client, which closes *every* connection with the sender on any LEAVE.
 */
export interface LeavePayload { connectionId: string; type: 'data' | 'media'; kit?: KitInfo }
export interface CandidatePayload { candidate: IceCandidateJson; type: 'data' | 'media'; connectionId: string }

/** One ICE server as RTCConfiguration takes it (what OPEN and `GET {key}/ice` carry). */
export interface IceServer { urls: string | string[]; username?: string; credential?: string }
export type IceServerList = IceServer[];

/**
 * TURN usernames of the coturn REST-API scheme (`use-auth-secret`): `<unix expiry>:<peer id>`. The
 * server mints them; the core reads the expiry back to refresh the credential in time.
 */
export const turnUsername = (expirySeconds: number, peerId: string): string => `${expirySeconds}:${peerId}`;
/** Expiry (ms since the epoch) of a REST-API TURN username, undefined for any other username. */
export function turnUsernameExpiry(username: string | undefined): number | undefined {
  const m = /^(\d{9,12}):/.exec(username ?? '');
  return m ? Number(m[1]) * 1000 : undefined;
}

/** Server info our server puts in OPEN's payload (a stock PeerJS client ignores it). */
export interface OpenPayload {
  server: 'p2p-kit';
  version: string;
  /** The id this socket registered with (stock PeerServer never echoes it). */
  id: string;
  /** ICE servers the server wants clients to use (e.g. TURN with ephemeral credentials). */
  iceServers?: IceServerList;
  /** Extensions this server speaks. */
  features: string[];
}

/** One entry of the presence list. */
export interface PresencePeer { id: string; metadata?: JsonObject }

/**
 * C→S presence request. `discoverable` puts the sender on the list others see, `subscribe` asks for
 * {@link PresenceEvent}s, `metadata` (e.g. `{name}`) is shown to others. Every field is optional;
 * a later request updates the earlier one.
 */
export interface PresenceRequest { discoverable?: boolean; subscribe?: boolean; metadata?: JsonObject }

/** S→C presence push, sent to subscribers of the same key only. */
export type PresenceEvent =
  | { event: 'snapshot'; peers: PresencePeer[] }
  | { event: 'join'; peer: PresencePeer }
  | { event: 'update'; peer: PresencePeer }
  | { event: 'leave'; id: string };

/** Why a single frame was refused (the socket stays open). */
export type RejectCode =
  | 'invalid-json' | 'binary-frame' | 'too-deep' | 'invalid-message' | 'unknown-type'
  | 'missing-dst' | 'invalid-dst' | 'rate-limited' | 'queue-full' | 'metadata-too-big'
  /** The sender's auth token does not grant this (see `AuthGrants`). */
  | 'not-granted';

export interface RejectedPayload { code: RejectCode; msg: string; type?: string }

/** Messages a client sends to the server. */
export type ClientMessage =
  | { type: 'HEARTBEAT' }
  | { type: 'OFFER' | 'ANSWER' | 'CANDIDATE' | 'EXPIRE'; dst: string; payload?: JsonObject }
  | { type: 'LEAVE'; dst?: string; payload?: JsonObject }
  | { type: 'P2PKIT-PRESENCE'; payload: PresenceRequest }
  | { type: 'P2PKIT-ROOM'; payload: RoomRequest };

/** Messages the server sends to a client. */
export type ServerMessage =
  | { type: 'OPEN'; payload?: OpenPayload }
  | { type: 'ERROR' | 'ID-TAKEN'; payload: { msg: string } }
  | { type: 'INVALID-KEY'; payload?: { msg?: string } }
  | { type: 'OFFER' | 'ANSWER' | 'CANDIDATE' | 'LEAVE' | 'EXPIRE'; src: string; dst: string; payload?: JsonObject }
  | { type: 'P2PKIT-PRESENCE'; payload: PresenceEvent }
  | { type: 'P2PKIT-REJECTED'; payload: RejectedPayload }
  | { type: 'P2PKIT-ROOM'; payload: RoomEvent };

/** A relayed message as the server rebuilds it: exactly these four fields (PROTOCOL.md §0.3). */
export type RelayedMessage = Extract<ServerMessage, { src: string }>;
