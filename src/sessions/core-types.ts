/**
 * The slice of the core API (`src/core`) sessions and elements use, written structurally so the elements
 * type-check against any object that behaves like a p2p-kit `Peer` (the real core, or a
 * test double in a unit test). Keep it a subset of what `src/core/index.ts` exports.
 */
import type { RejectReason } from '../core/index.js';

/** Lifecycle of a core `Peer`, reflected by `<p2p-peer state>`. */
export type PeerState = 'connecting' | 'open' | 'reconnecting' | 'disconnected' | 'closed' | 'failed';

/** One entry of the live presence list. */
export interface PresenceEntry { id: string; metadata?: Record<string, unknown> }

/** What `setPresence()` accepts; fields merge with earlier calls. */
export interface PresenceOptions { discoverable?: boolean; subscribe?: boolean; metadata?: Record<string, unknown> }

/** PeerJS-style emitter: `.on(name, fn)` / `.off(name, fn)` with PeerJS's listener arguments. */
export interface Emitter {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- listener arguments differ per event
  on(event: string, fn: (...args: any[]) => void): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  off(event: string, fn: (...args: any[]) => void): unknown;
}

/** A core error: PeerJS's `type` plus a message. */
export interface CoreError { type?: string; code?: string; message: string }

/** A core `DataConnection` (PeerJS 1.5 API; `send` returns a promise). */
export interface CoreDataConnection extends Emitter {
  readonly peer: string;
  readonly label: string;
  readonly open: boolean;
  readonly metadata?: unknown;
  readonly peerConnection?: RTCPeerConnection | null;
  send(data: unknown): Promise<void> | void;
  close(): void;
}

/** A core `MediaConnection`. */
export interface CoreMediaConnection extends Emitter {
  readonly peer: string;
  readonly open: boolean;
  readonly metadata?: unknown;
  readonly peerConnection?: RTCPeerConnection | null;
  answer(stream?: MediaStream): void;
  close(): void;
}

/** Why a core call ended (`MediaConnection.closeReason`). */
export type CoreCloseReason = 'hangup' | 'remote-hangup' | 'declined' | 'busy' | 'no-answer' | 'failed' | 'unavailable' | 'destroyed' | 'cancelled';

/**
 * The core `MediaConnection` as `<p2p-call>` uses it: PeerJS 1.5's API plus p2p-kit's extensions,
 * which are optional so a PeerJS `MediaConnection` still works (without reject reasons, renegotiation
 * or the `open` event: with those, the element falls back to ICE state).
 */
export interface CallConnection extends CoreMediaConnection {
  closeReason?: CoreCloseReason;
  remoteStream?: MediaStream;
  reject?(reason?: RejectReason): void;
  replaceTrack?(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void>;
}

/** A core `Peer`, as the elements see it. */
export interface CorePeer extends Emitter {
  readonly id: string | null;
  readonly state: PeerState;
  readonly open: boolean;
  readonly destroyed: boolean;
  readonly presence?: readonly PresenceEntry[];
  setPresence?(options: PresenceOptions): void;
  connect(id: string, options?: { label?: string; metadata?: unknown; serialization?: string; reliable?: boolean }): CoreDataConnection;
  call(id: string, stream?: MediaStream, options?: { metadata?: unknown }): CoreMediaConnection;
  destroy(): void;
}

/**
 * Subscribes `fn` to `event` on a PeerJS-style emitter until `signal` aborts.
 * Elements use this with {@link PeerController.signal} so nothing outlives the host or the peer.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function listen(target: Emitter, event: string, fn: (...args: any[]) => void, signal: AbortSignal): void {
  if (signal.aborted) return;
  target.on(event, fn);
  signal.addEventListener('abort', () => target.off(event, fn), { once: true });
}
