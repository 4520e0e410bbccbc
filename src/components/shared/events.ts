/**
 * Event pattern for every `<p2p-*>` element: one `Event` subclass per event, `p2p-` + kebab-case
 * name, bubbling and composed (so it crosses shadow roots to the page), data as readonly fields on
 * the event (no `detail`), and an entry in `GlobalEventHandlersEventMap` so
 * `el.addEventListener('p2p-error', e => e.code)` is typed.
 */

/** Base for p2p-kit element events: bubbles and is composed unless told otherwise. */
export class P2PEvent extends Event {
  constructor(type: string, init: EventInit = {}) {
    super(type, { bubbles: true, composed: true, ...init });
  }
}

/**
 * Dispatches `event` on `target`. Elements use this rather than an inline
 * `this.dispatchEvent(new X(...))`, which the manifest analyzer would misread as an event named
 * after the constructor's first argument; events are documented with `@fires` instead.
 */
export function fire(target: EventTarget, event: Event): boolean {
  return target.dispatchEvent(event);
}

// The error type and its codes live below the elements (sessions throw them too); re-exported here.
import type { P2PErrorCode } from '../../sessions/errors.js';
export { P2PError, type P2PErrorCode } from '../../sessions/errors.js';

/** `p2p-error`: something failed; `code` is stable, `message` is for humans, `cause` the original. */
export class P2PErrorEvent extends P2PEvent {
  static readonly eventName = 'p2p-error';
  readonly code: P2PErrorCode;
  readonly message: string;
  readonly cause?: unknown;
  constructor(code: P2PErrorCode, message: string, cause?: unknown) {
    super(P2PErrorEvent.eventName);
    this.code = code;
    this.message = message;
    this.cause = cause;
  }
}

/**
 * Builds a {@link P2PErrorEvent} from anything thrown or emitted by the core (PeerJS-style errors
 * carry `type`), so every element maps errors the same way.
 */
export function errorEventFrom(err: unknown, fallback: P2PErrorCode = 'unknown'): P2PErrorEvent {
  const e = err as { type?: unknown; code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.type === 'string' ? e.type : typeof e?.code === 'string' ? e.code : fallback;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return new P2PErrorEvent(code as P2PErrorCode, message, err);
}

/**
 * `p2p-state-change`: an element's reflected `state` went from `previous` to `state`. Shared by
 * every element with a `state` (peer: `PeerState`, call: its call states), so it is declared once
 * in the global map with `string`; narrow with the type parameter where the element is known.
 */
export class P2PStateChangeEvent<S extends string = string> extends P2PEvent {
  static readonly eventName = 'p2p-state-change';
  readonly state: S;
  readonly previous: S;
  constructor(state: S, previous: S) {
    super(P2PStateChangeEvent.eventName);
    this.state = state;
    this.previous = previous;
  }
}

/**
 * `p2p-verification-code`: the connection's verification code is known. Compare it with the other
 * side out of band; it differs if the signalling server swapped keys. Shared by chat and call.
 */
export class P2PVerificationCodeEvent extends P2PEvent {
  static readonly eventName = 'p2p-verification-code';
  readonly code: string;
  constructor(code: string) {
    super(P2PVerificationCodeEvent.eventName);
    this.code = code;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'p2p-error': P2PErrorEvent;
    'p2p-state-change': P2PStateChangeEvent;
    'p2p-verification-code': P2PVerificationCodeEvent;
  }
}
