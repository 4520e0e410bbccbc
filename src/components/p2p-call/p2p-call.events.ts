import { P2PEvent } from '../shared/index.js';
import type { EndReason } from './call-state.js';

/**
 * `p2p-incoming-call` (cancelable): `from` is calling. Call `answer()` or `decline()` (now or later),
 * or `preventDefault()` to decline. If the page does none of these, the element rings with
 * accept/decline buttons until the caller gives up or `ring-timeout` passes.
 */
export class P2PIncomingCallEvent extends P2PEvent {
  static readonly eventName = 'p2p-incoming-call';
  constructor(
    /** Caller's peer id. */
    readonly from: string,
    /** The caller's call metadata (any JSON; untrusted). */
    readonly metadata: unknown,
    private readonly respond: (answer: boolean) => Promise<void>,
  ) {
    super(P2PIncomingCallEvent.eventName, { cancelable: true });
  }

  /** Answers the call (same as the element's `answer()`). */
  answer(): Promise<void> { return this.respond(true); }

  /** Declines the call (same as the element's `decline()`). */
  decline(): Promise<void> { return this.respond(false); }
}

/** `p2p-call-end`: the call ended (`state` is now `ended` or `failed`); `reason` says why, from this side's view. */
export class P2PCallEndEvent extends P2PEvent {
  static readonly eventName = 'p2p-call-end';
  constructor(readonly reason: EndReason, readonly remote: string) {
    super(P2PCallEndEvent.eventName);
  }
}

/** `p2p-remote-stream`: the remote side's media arrived or changed (also on `remoteStream`). */
export class P2PRemoteStreamEvent extends P2PEvent {
  static readonly eventName = 'p2p-remote-stream';
  constructor(readonly stream: MediaStream) {
    super(P2PRemoteStreamEvent.eventName);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'p2p-incoming-call': P2PIncomingCallEvent;
    'p2p-call-end': P2PCallEndEvent;
    'p2p-remote-stream': P2PRemoteStreamEvent;
  }
}
