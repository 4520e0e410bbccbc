/**
 * The running call behind `<p2p-call>`: binds a core call, follows it through the state machine
 * (`call-state.ts`), rings with a timeout, ends it from either side, and settles the promise that
 * `start()` / `answer()` return. Writes the host's reflected state; renders nothing.
 */
import {
  P2PError, P2PStateChangeEvent, fire, errorEventFrom, listen, type P2PErrorCode,
} from '../shared/index.js';
import { type CallConnection, stopAll } from './call-media.js';
import type { CallTracks } from './call-tracks.js';
import {
  type CallInput, type CallState, type EndReason, type MediaErrorCode, endReasonFor, isFailure, isLive, nextState,
} from './call-state.js';
import { P2PCallEndEvent, P2PRemoteStreamEvent } from './p2p-call.events.js';
import type { RejectReason } from '../../core/index.js';

/** `P2PError` codes for calls that end before becoming active (the end reason is in the message). */
const END_CODES: Record<EndReason, P2PErrorCode> = {
  declined: 'declined', busy: 'busy', 'no-answer': 'timeout', cancelled: 'cancelled', missed: 'cancelled',
  unavailable: 'peer-unavailable', failed: 'webrtc', hangup: 'disconnected', 'remote-hangup': 'disconnected',
};
export const endError = (reason: EndReason) => new P2PError(END_CODES[reason], `Call ended: ${reason}`);

/** What the flow reads from and writes to `<p2p-call>`. */
export interface CallFlowHost extends EventTarget {
  readonly remote?: string;
  readonly ringTimeout: number;
  state: CallState;
  endReason?: EndReason;
  mediaFailure?: MediaErrorCode;
  connection?: CallConnection;
  localStream: MediaStream | null;
  remoteStream: MediaStream | null;
  verificationCode?: string;
}

export class CallFlow {
  private waiter?: { resolve(): void; reject(e: Error): void };
  private localReason?: EndReason;
  /** The current call came in (we are the callee) / we called answer() on it. */
  private incoming_ = false;
  private answered = false;
  private ringTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly host: CallFlowHost, private readonly tracks: CallTracks) {}

  /** Makes `call` the current call and follows its events; `incoming` when we are the callee. */
  bind(call: CallConnection, incoming = false): void {
    const h = this.host;
    h.connection = call;
    this.localReason = undefined;
    this.incoming_ = incoming;
    this.answered = false;
    const ac = new AbortController();
    const on = (name: string, fn: Parameters<typeof listen>[2]) => listen(call, name, fn, ac.signal);
    on('stream', (s: MediaStream) => {
      h.remoteStream = s;
      fire(h, new P2PRemoteStreamEvent(s));
    });
    // The core says when ICE connected (`open`); a PeerJS MediaConnection has no such event (nor `reject`).
    if (call.reject) on('open', () => this.connected(call));
    else on('iceStateChanged', (s: RTCIceConnectionState) => { if (s === 'connected' || s === 'completed') this.connected(call); });
    on('error', (err: unknown) => fire(h, errorEventFrom(err)));
    on('close', () => { ac.abort(); if (h.connection === call) this.ended(endReasonFor(h.state, call.closeReason, this.localReason)); });
  }

  /** We answered the current call (so ending it later is a hang-up, not a refusal). */
  markAnswered(): void { this.answered = true; }

  /**
   * Ends from this side with `reason`: tells the core, whose `close` then lands in {@link ended}.
   * `refusal` is what a callee that has not answered tells the caller: `declined` by default,
   * `no-answer` from the ring-timeout; a `missed` end without one (the element left the page) is silent.
   */
  finish(reason: EndReason, refusal: RejectReason | undefined = reason === 'missed' ? undefined : 'declined'): void {
    const call = this.host.connection;
    if (!call) { this.ended(reason); return; }
    this.localReason = reason;
    if (call.reject && this.incoming_ && !this.answered && refusal) call.reject(refusal);
    else call.close();
    if (this.host.connection === call) this.ended(reason); // a PeerJS-style call may not emit close for us
  }

  ended(reason: EndReason): void {
    const h = this.host;
    if (!isLive(h.state)) return;
    this.stopRinging();
    this.tracks.release();
    stopAll(h.localStream);
    h.connection = undefined;
    h.localStream = null;
    h.remoteStream = null;
    h.verificationCode = undefined;
    h.endReason = reason;
    this.go(isFailure(reason) ? 'fail' : 'end');
    this.waiter?.reject(endError(reason));
    this.waiter = undefined;
    fire(h, new P2PCallEndEvent(reason, h.remote ?? ''));
  }

  go(input: CallInput): boolean {
    const h = this.host;
    const next = nextState(h.state, input);
    if (!next) return false;
    const previous = h.state;
    h.state = next;
    if (input === 'start' || input === 'incoming') { h.endReason = undefined; h.mediaFailure = undefined; }
    fire(h, new P2PStateChangeEvent<CallState>(next, previous));
    return true;
  }

  ring(onTimeout: () => void): void {
    this.stopRinging();
    if (this.host.ringTimeout > 0) this.ringTimer = setTimeout(onTimeout, this.host.ringTimeout);
  }

  stopRinging(): void { clearTimeout(this.ringTimer); }

  untilActive(): Promise<void> {
    if (this.host.state === 'active') return Promise.resolve();
    this.waiter?.reject(new P2PError('cancelled', 'Superseded'));
    return new Promise((resolve, reject) => { this.waiter = { resolve, reject }; });
  }

  private connected(call: CallConnection): void {
    const h = this.host;
    if (h.connection !== call || !this.go('connected')) return;
    this.stopRinging();
    h.remoteStream ??= call.remoteStream ?? null;
    this.waiter?.resolve();
    this.waiter = undefined;
  }
}
