/** Errors of the core, with PeerJS's `type` strings so PeerJS error handling ports unchanged. */

/**
 * PeerJS 1.5's Peer error types (`PeerErrorType`), same strings. `ssl-unavailable`, `socket-error` and
 * `socket-closed` are here so PeerJS code type-checks; the core never emits them (socket failures are
 * `network`, HTTP failures `server-error`).
 */
export type PeerErrorType =
  | 'browser-incompatible' | 'disconnected' | 'invalid-id' | 'invalid-key' | 'network'
  | 'peer-unavailable' | 'ssl-unavailable' | 'server-error' | 'socket-error' | 'socket-closed'
  | 'unavailable-id' | 'webrtc'
  /** p2p-kit: the server requires an auth token and refused ours; `message` is one of `AuthText`. */
  | 'unauthorized';

/**
 * Connection error types: PeerJS's `negotiation-failed`, `connection-closed`, `not-open-yet`,
 * `message-too-big`, plus p2p-kit's `message-refused` (the receiver's `maxMessageSize` refused an
 * incoming message; the connection stays usable) and `serialization` (a value cannot be encoded
 * or a received frame cannot be decoded).
 */
export type ConnectionErrorType =
  | 'negotiation-failed' | 'connection-closed' | 'not-open-yet' | 'message-too-big'
  | 'message-refused' | 'serialization';

export type AnyErrorType = PeerErrorType | ConnectionErrorType;

/**
 * The one error class of the core. `type` is the PeerJS error type; the original error, if any,
 * is in `cause`. Emitted through `error` events and used to reject promises.
 */
export class PeerError<T extends AnyErrorType = AnyErrorType> extends Error {
  readonly type: T;
  constructor(type: T, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PeerError';
    this.type = type;
  }
}

/** Errors that end the Peer (state `failed`, like PeerJS's destroy-on-abort). */
export const FATAL_PEER_ERRORS: ReadonlySet<PeerErrorType> = new Set([
  'browser-incompatible', 'invalid-id', 'invalid-key', 'ssl-unavailable', 'unavailable-id',
]);
