/**
 * The error sessions and elements throw (and elements report as `p2p-error`): one class, so an
 * element can tell its own errors from anything else with `instanceof`. No DOM, no lit.
 */

/**
 * Error codes sessions and elements report. Core errors keep their PeerJS `type` (e.g. `peer-unavailable`,
 * `network`, `unavailable-id`); element-level problems use the rest.
 */
export type P2PErrorCode =
  | 'browser-incompatible' | 'disconnected' | 'invalid-id' | 'invalid-key' | 'network'
  | 'peer-unavailable' | 'ssl-unavailable' | 'server-error' | 'socket-error' | 'socket-closed'
  | 'unavailable-id' | 'webrtc' | 'unauthorized'
  | 'no-peer' | 'no-remote' | 'invalid-server' | 'send-failed' | 'not-connected'
  | 'permission-denied' | 'device-not-found' | 'device-in-use' | 'media-error'
  | 'declined' | 'busy' | 'timeout' | 'cancelled' | 'too-large' | 'not-accepted' | 'integrity'
  | 'room-full' | 'rooms-unsupported' | 'room-error'
  | 'unknown';

/**
 * The error sessions and elements throw (rejected promises of `send()`, `start()`, ...) and report: a stable
 * `code`, a human `message`, the original error in `cause`. The elements' `errorEventFrom` turns it (or a
 * core `PeerError`, which has `type`) into a `P2PErrorEvent`.
 */
export class P2PError extends Error {
  readonly code: P2PErrorCode;
  constructor(code: P2PErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'P2PError';
    this.code = code;
  }
}

