/**
 * The 1:1 call lifecycle as a pure state machine: which inputs each state accepts and where they
 * lead, and how a core `closeReason` reads to the person on each side. No DOM, no lit.
 *
 * ```
 * idle|ended|failed ──start──▶ calling ──connected──▶ active ──end──▶ ended
 *        │                       └──end (declined, busy, cancelled, no-answer)──▶ ended
 *        └──incoming──▶ ringing ──answer──▶ connecting ──connected──▶ active
 *                          └──end (declined, missed)──▶ ended
 * any live state ──fail──▶ failed
 * ```
 * `ended` and `failed` stay until the next call starts or rings (they are "idle, with a reason").
 */
import type { CoreCloseReason } from '../shared/core-types.js';

/** Reflected `state` of `<p2p-call>`. */
export type CallState = 'idle' | 'calling' | 'ringing' | 'connecting' | 'active' | 'ended' | 'failed';

/** What happens to a call. */
export type CallInput = 'start' | 'incoming' | 'answer' | 'connected' | 'end' | 'fail';

/**
 * Why a call ended, from this side's point of view.
 * - `hangup`: we hung up an active call; `remote-hangup`: they did.
 * - `cancelled`: we stopped calling before they answered; `missed`: they stopped calling before we answered.
 * - `declined` / `busy`: the callee refused (as callee: we declined).
 * - `no-answer`: our `ring-timeout` ran out while calling, or a p2p-kit callee's did (it says so);
 *   as callee the ring timed out → `missed`.
 * - `unavailable`: the remote peer is not connected to the server.
 * - `failed`: media or connection failure.
 */
export type EndReason =
  | 'hangup' | 'remote-hangup' | 'cancelled' | 'missed' | 'declined' | 'busy' | 'no-answer' | 'unavailable' | 'failed';

const LIVE: readonly CallState[] = ['calling', 'ringing', 'connecting', 'active'];

const TRANSITIONS: Record<CallState, Partial<Record<CallInput, CallState>>> = {
  idle: { start: 'calling', incoming: 'ringing' },
  ended: { start: 'calling', incoming: 'ringing' },
  failed: { start: 'calling', incoming: 'ringing' },
  calling: { connected: 'active', end: 'ended', fail: 'failed' },
  ringing: { answer: 'connecting', end: 'ended', fail: 'failed' },
  connecting: { connected: 'active', end: 'ended', fail: 'failed' },
  active: { end: 'ended', fail: 'failed' },
};

/** The state after `input`, or `null` when `state` does not accept it (the caller ignores the input). */
export function nextState(state: CallState, input: CallInput): CallState | null {
  return TRANSITIONS[state][input] ?? null;
}

/** True while a call is in progress (a second incoming call gets `busy`). */
export function isLive(state: CallState): boolean {
  return LIVE.includes(state);
}

/** The core's `MediaConnection.closeReason` values (defined with the shared core types). */
export type { CoreCloseReason } from '../shared/core-types.js';

/**
 * Reads a core close reason in context. `state` is the call state when the close happened;
 * `local` is what this side asked for, if it closed the call itself (`cancelled`, `no-answer`, `declined`).
 */
export function endReasonFor(state: CallState, closeReason: CoreCloseReason | undefined, local?: EndReason): EndReason {
  if (local) return local;
  switch (closeReason) {
    case 'declined': return 'declined';
    // A p2p-kit callee whose own ring-timeout ran out (`reject('no-answer')`).
    case 'no-answer': return state === 'ringing' ? 'missed' : 'no-answer';
    case 'busy': return 'busy';
    case 'unavailable': return 'unavailable';
    case 'failed': return 'failed';
    case 'hangup': return state === 'calling' ? 'cancelled' : 'hangup';
    // Only a callee hears this: a p2p-kit caller gave up before the call became active.
    case 'cancelled': return 'missed';
    case 'destroyed': return state === 'active' || state === 'connecting' ? 'hangup' : 'cancelled';
    case 'remote-hangup':
    default:
      // The remote side closing before we were connected: a callee calls it missed; a caller
      // whose PeerJS callee just went away sees it as declined (PeerJS cannot say why).
      return state === 'ringing' ? 'missed' : state === 'calling' ? 'declined' : 'remote-hangup';
  }
}

/** Whether an end reason means failure (`failed` state) rather than an ordinary end (`ended`). */
export function isFailure(reason: EndReason): boolean {
  return reason === 'failed' || reason === 'unavailable';
}

/** Error codes for `getUserMedia()` failures, as `p2p-error` reports them. */
export type MediaErrorCode = 'permission-denied' | 'device-not-found' | 'device-in-use' | 'media-error';

/** Maps a `getUserMedia()`/`getDisplayMedia()` rejection to a stable code. */
export function mediaErrorCode(err: unknown): MediaErrorCode {
  switch ((err as { name?: string } | null)?.name) {
    case 'NotAllowedError': case 'SecurityError': case 'PermissionDeniedError': return 'permission-denied';
    case 'NotFoundError': case 'OverconstrainedError': case 'DevicesNotFoundError': return 'device-not-found';
    case 'NotReadableError': case 'TrackStartError': case 'AbortError': return 'device-in-use';
    default: return 'media-error';
  }
}
