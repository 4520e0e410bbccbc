/**
 * Ids: PeerJS's client-side pattern (letters/digits, single inner `-`, `_` or space). Our server
 * enforces it, which a stock PeerServer does not; server-generated UUIDs match it.
 */
export const ID_PATTERN = /^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$/;
export const MAX_ID_LENGTH = 128;
export const MAX_TOKEN_LENGTH = 256;
export const MAX_KEY_LENGTH = 128;

/** True when `id` is acceptable as a peer id. */
export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH && ID_PATTERN.test(id);
}

/** Defaults picked to never get in the way of ordinary use (an office behind one NAT, fast ICE trickle). */
export const DEFAULT_LIMITS = {
  /** Largest accepted WebSocket frame; bigger closes with 1009. SDP offers are a few KiB. */
  maxFrameBytes: 64 * 1024,
  /** Deepest JSON nesting accepted in a frame. */
  maxJsonDepth: 32,
  /** Token bucket per socket: sustained messages per second and burst size. */
  messagesPerSecond: 200,
  messageBurst: 400,
  /** Frames dropped for rate limiting in a row before the socket is closed. */
  maxRejectedInARow: 1000,
  /** Simultaneous sockets from one remote address. */
  maxSocketsPerAddress: 1024,
  /** Offline queue caps: messages and bytes per destination, bytes in total. */
  maxQueuedPerDestination: 256,
  maxQueuedBytesPerDestination: 1024 * 1024,
  maxQueuedBytesTotal: 64 * 1024 * 1024,
  /** Serialized presence metadata cap. */
  maxMetadataBytes: 2048,
} as const;
export type Limits = { -readonly [K in keyof typeof DEFAULT_LIMITS]: number };

/** PeerServer's timing defaults (PROTOCOL.md §1.5, §1.6). */
export const DEFAULT_TIMING = {
  expireTimeout: 5000,
  aliveTimeout: 90000,
  cleanupOutMsgs: 1000,
  /** PeerJS client heartbeat period. */
  pingInterval: 5000,
} as const;
