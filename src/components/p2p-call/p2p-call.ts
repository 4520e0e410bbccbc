import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  P2PError, P2PErrorEvent, P2PStateChangeEvent, P2PVerificationCodeEvent, fire, PeerController, StringsController, errorEventFrom, listen,
  type CorePeer, type P2PErrorCode, type PeerSource,
} from '../shared/index.js';
import { type CallConnection, stopAll } from './call-media.js';
import { LocalMedia } from './call-local-media.js';
import { CallTracks } from './call-tracks.js';
import {
  type CallInput, type CallState, type EndReason, type MediaErrorCode, endReasonFor, isFailure, isLive, mediaErrorCode, nextState,
} from './call-state.js';
import { P2PCallEndEvent, P2PIncomingCallEvent, P2PRemoteStreamEvent } from './p2p-call.events.js';
import { renderCall } from './p2p-call.render.js';
import { callStrings, type CallStrings } from './p2p-call.strings.js';
import { styles } from './p2p-call.styles.js';
import { verificationCode, type RejectReason } from '../../core/index.js';

/** `P2PError` codes for calls that end before becoming active (the end reason is in the message). */
const END_CODES: Record<EndReason, P2PErrorCode> = {
  declined: 'declined', busy: 'busy', 'no-answer': 'timeout', cancelled: 'cancelled', missed: 'cancelled',
  unavailable: 'peer-unavailable', failed: 'webrtc', hangup: 'disconnected', 'remote-hangup': 'disconnected',
};
const endError = (reason: EndReason) => new P2PError(END_CODES[reason], `Call ended: ${reason}`);

/**
 * A 1:1 audio/video call with `remote`: call, ring, answer/decline, busy, mute, camera off,
 * device pickers, screen share, and an optional verification code. The element renders the core
 * call's state and forwards intent; WebRTC lives in the core.
 *
 * @tagname p2p-call
 * @summary One-to-one video call with its whole flow and controls.
 * @fires {P2PIncomingCallEvent} p2p-incoming-call - Cancelable. Someone calls (`from`, `metadata`, `answer()`, `decline()`); `preventDefault()` declines.
 * @fires {P2PStateChangeEvent} p2p-state-change - `state` changed (`state`, `previous`).
 * @fires {P2PRemoteStreamEvent} p2p-remote-stream - Remote media arrived (`stream`).
 * @fires {P2PVerificationCodeEvent} p2p-verification-code - With `show-code`: the code to compare is ready (`code`).
 * @fires {P2PCallEndEvent} p2p-call-end - The call ended (`reason`: hangup, remote-hangup, cancelled, missed, declined, busy, no-answer, unavailable, failed).
 * @fires {P2PErrorEvent} p2p-error - `permission-denied`, `device-not-found`, `device-in-use`, `media-error`, `no-peer`, `no-remote`, core errors.
 * @csspart local-video - Your own camera (`<p2p-video>`).
 * @csspart remote-video - The other side (`<p2p-video>`).
 * @csspart controls - The button bar.
 * @csspart status - The status line.
 * @csspart code - The verification code (with `show-code`).
 * @cssprop --p2p-call-local-width - Width of the local preview (default 30%).
 */
export class P2PCallElement extends LitElement {
  static override styles = styles;

  /** Peer id to call (and the only one whose calls this element takes; any caller when unset). */
  @property({ reflect: true }) remote?: string;
  /** Display name of `remote` in the status texts (default: its id). Always shown as text. */
  @property({ attribute: 'remote-name' }) remoteName = '';
  @property({ attribute: false }) peer?: CorePeer | PeerSource;
  @property({ attribute: 'peer' }) peerRef?: string;
  /** Reflected: `idle|calling|ringing|connecting|active|ended|failed`; written by the element. */
  @property({ reflect: true }) state: CallState = 'idle';
  /** Reflected once a call ended: why (see `p2p-call-end`). */
  @property({ reflect: true, attribute: 'end-reason' }) endReason?: EndReason;
  /** Ms to ring before giving up (caller: `no-answer`; callee: `missed`). 0 rings forever. */
  @property({ type: Number, attribute: 'ring-timeout' }) ringTimeout = 30_000;
  /** Microphone muted (reflected; settable). */
  @property({ type: Boolean, reflect: true }) muted = false;
  /** Camera off: black frames are sent (reflected; settable). */
  @property({ type: Boolean, reflect: true, attribute: 'camera-off' }) cameraOff = false;
  /** Audio-only calls. */
  @property({ type: Boolean, attribute: 'no-video' }) noVideo = false;
  /** Show a verification code both sides can compare (detects a man in the middle). */
  @property({ type: Boolean, attribute: 'show-code' }) showCode = false;
  /** Reflected while the screen is shared instead of the camera. */
  @property({ type: Boolean, reflect: true, attribute: 'screen-sharing' }) screenSharing = false;
  /** Camera `deviceId` to use (picker; `setCamera()` switches during a call). */
  @property() camera?: string;
  /** Microphone `deviceId` to use. */
  @property() microphone?: string;
  @property({ attribute: false }) strings?: Partial<CallStrings>;
  /** Our outgoing media (camera/mic, or screen while sharing). */
  @state() localStream: MediaStream | null = null;
  /** The other side's media. */
  @state() remoteStream: MediaStream | null = null;
  /** Verification code once the call is active and `show-code` is set. */
  @state() verificationCode?: string;
  /** @internal */ @state() devices: MediaDeviceInfo[] = [];
  /** @internal Why camera/mic failed the current call (the status line says so); cleared by the next call. */
  @state() mediaFailure?: MediaErrorCode;

  /** The core call (undefined between calls). */
  connection?: CallConnection;

  /** @internal */ readonly i18n = new StringsController<CallStrings>(this, callStrings);
  private readonly peers = new PeerController(this, { onPeerChange: (peer, signal) => this.watchPeer(peer, signal) });
  private readonly media = new LocalMedia(this);
  private waiter?: { resolve(): void; reject(e: Error): void };
  private localReason?: EndReason;
  /** The current call came in (we are the callee) / we called answer() on it. */
  private incoming_ = false;
  private answered = false;
  private ringTimer?: ReturnType<typeof setTimeout>;
  private readonly tracks = new CallTracks(this);

  /** Calls `remote`. Resolves when the call is active; rejects with a `P2PError` (`declined`, `busy`, `timeout`, `cancelled`, `peer-unavailable`, media codes) if it ends first. */
  async start(): Promise<void> {
    const peer = this.peers.peer;
    if (!this.remote) throw this.error('no-remote', 'Set remote to the peer id to call');
    if (!peer) throw this.error('no-peer', 'No peer: put the element in a <p2p-peer> or set peer');
    if (!this.go('start')) throw new P2PError('busy', `Cannot start a call while ${this.state}`);
    const stream = await this.acquire();
    if (this.state !== 'calling') { stopAll(stream); throw endError(this.endReason ?? 'cancelled'); }
    const call = peer.call(this.remote, stream, { metadata: { kit: 'p2p-call' } }) as CallConnection;
    this.bind(call);
    this.ring(() => this.finish('no-answer'));
    return this.untilActive();
  }

  /** Answers the ringing call with camera/mic. Resolves when active. */
  async answer(): Promise<void> {
    if (this.state !== 'ringing' || !this.connection) throw new P2PError('cancelled', 'No call to answer');
    const call = this.connection;
    this.go('answer');
    clearTimeout(this.ringTimer);
    const stream = await this.acquire();
    if (this.connection !== call || (this.state as CallState) !== 'connecting') { stopAll(stream); throw endError(this.endReason ?? 'missed'); }
    this.answered = true;
    call.answer(stream);
    return this.untilActive();
  }

  /** Declines the ringing call (the caller sees `declined`). */
  async decline(): Promise<void> {
    if (this.state === 'ringing') this.finish('declined');
  }

  /** Ends the call in any live state: cancels calling, declines ringing, hangs up otherwise. */
  async hangUp(): Promise<void> {
    if (this.state === 'calling') this.finish('cancelled');
    else if (this.state === 'ringing') this.finish('declined');
    else if (this.state === 'connecting' || this.state === 'active') this.finish('hangup');
  }

  /**
   * Sends the screen (or `stream`'s video, e.g. a canvas capture) instead of the camera, until
   * `stopScreenShare()` or until the browser's own "stop sharing" ends the track.
   */
  shareScreen(stream?: MediaStream): Promise<void> { return this.tracks.share(stream); }

  /** Goes back from the screen to the camera. */
  stopScreenShare(): Promise<void> { return this.tracks.unshare(); }

  /** Switches camera (`kind` video) or microphone (`kind` audio) to `deviceId`, mid-call too. */
  async setDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
    if (kind === 'video') this.camera = deviceId; else this.microphone = deviceId;
    return this.tracks.switchDevice(kind, deviceId);
  }

  /** @internal True while the call can carry media. */
  get inCall(): boolean { return this.state === 'connecting' || this.state === 'active'; }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A DOM move is disconnect + connect in one task: only a call whose element stays out ends.
    queueMicrotask(() => {
      if (this.isConnected || !isLive(this.state)) return;
      this.finish(this.state === 'ringing' ? 'missed' : this.state === 'calling' ? 'cancelled' : 'hangup');
    });
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('muted') || changed.has('cameraOff')) this.applyToggles();
    if ((changed.has('state') || changed.has('showCode')) && this.showCode && this.state === 'active' && !this.verificationCode) {
      const call = this.connection;
      const pc = call?.peerConnection;
      if (pc) {
        void verificationCode(pc).then((c) => {
          if (this.connection !== call) return;
          this.verificationCode = c;
          fire(this, new P2PVerificationCodeEvent(c));
        }, () => {});
      }
    }
  }

  protected override render() {
    return renderCall(this, this.media.task);
  }

  private watchPeer(peer: CorePeer | undefined, signal: AbortSignal): void {
    if (!peer) return;
    listen(peer, 'call', (call: CallConnection) => this.incoming(call), signal);
  }

  private incoming(call: CallConnection): void {
    if (this.remote && call.peer !== this.remote) return; // another <p2p-call> may take it
    if (isLive(this.state)) { if (call.reject) call.reject('busy'); else call.close(); return; }
    this.go('incoming');
    this.bind(call);
    this.incoming_ = true;
    // Our ring-timeout ran out: tell a p2p-kit caller (it ends with `no-answer`) instead of leaving it ringing.
    this.ring(() => this.finish('missed', 'no-answer'));
    const ev = new P2PIncomingCallEvent(call.peer, call.metadata, (yes) => this.connection === call
      ? (yes ? this.answer() : this.decline()) : Promise.reject(endError('missed')));
    fire(this, ev);
    if (ev.defaultPrevented && this.connection === call && this.state === 'ringing') void this.decline();
  }

  private bind(call: CallConnection): void {
    this.connection = call;
    this.localReason = undefined;
    this.incoming_ = false;
    this.answered = false;
    const ac = new AbortController();
    const on = (name: string, fn: Parameters<typeof listen>[2]) => listen(call, name, fn, ac.signal);
    on('stream', (s: MediaStream) => {
      this.remoteStream = s;
      fire(this, new P2PRemoteStreamEvent(s));
    });
    // The core says when ICE connected (`open`); a PeerJS MediaConnection has no such event (nor `reject`).
    if (call.reject) on('open', () => this.connected(call));
    else on('iceStateChanged', (s: RTCIceConnectionState) => { if (s === 'connected' || s === 'completed') this.connected(call); });
    on('error', (err: unknown) => fire(this, errorEventFrom(err)));
    on('close', () => { ac.abort(); if (this.connection === call) this.ended(endReasonFor(this.state, call.closeReason, this.localReason)); });
  }

  private connected(call: CallConnection): void {
    if (this.connection !== call || !this.go('connected')) return;
    clearTimeout(this.ringTimer);
    this.remoteStream ??= call.remoteStream ?? null;
    this.waiter?.resolve();
    this.waiter = undefined;
  }

  /**
   * Ends from this side with `reason`: tells the core, whose `close` then lands in {@link ended}.
   * `refusal` is what a callee that has not answered tells the caller: `declined` by default,
   * `no-answer` from the ring-timeout; a `missed` end without one (the element left the page) is silent.
   */
  private finish(reason: EndReason, refusal: RejectReason | undefined = reason === 'missed' ? undefined : 'declined'): void {
    const call = this.connection;
    if (!call) { this.ended(reason); return; }
    this.localReason = reason;
    if (call.reject && this.incoming_ && !this.answered && refusal) call.reject(refusal);
    else call.close();
    if (this.connection === call) this.ended(reason); // a PeerJS-style call may not emit close for us
  }

  private ended(reason: EndReason): void {
    if (!isLive(this.state)) return;
    clearTimeout(this.ringTimer);
    this.tracks.release();
    stopAll(this.localStream);
    this.connection = undefined;
    this.localStream = null;
    this.remoteStream = null;
    this.verificationCode = undefined;
    this.endReason = reason;
    this.go(isFailure(reason) ? 'fail' : 'end');
    this.waiter?.reject(endError(reason));
    this.waiter = undefined;
    fire(this, new P2PCallEndEvent(reason, this.remote ?? ''));
  }

  private go(input: CallInput): boolean {
    const next = nextState(this.state, input);
    if (!next) return false;
    const previous = this.state;
    this.state = next;
    if (input === 'start' || input === 'incoming') { this.endReason = undefined; this.mediaFailure = undefined; }
    fire(this, new P2PStateChangeEvent<CallState>(next, previous));
    return true;
  }

  private ring(onTimeout: () => void): void {
    clearTimeout(this.ringTimer);
    if (this.ringTimeout > 0) this.ringTimer = setTimeout(onTimeout, this.ringTimeout);
  }

  private untilActive(): Promise<void> {
    if (this.state === 'active') return Promise.resolve();
    this.waiter?.reject(new P2PError('cancelled', 'Superseded'));
    return new Promise((resolve, reject) => { this.waiter = { resolve, reject }; });
  }

  /** Gets camera/mic through the task; on failure the call fails with a typed `p2p-error`. */
  private async acquire(): Promise<MediaStream> {
    const stream = await this.media.acquire();
    if (!stream) {
      const err = this.mediaError(this.media.task.error);
      this.mediaFailure = mediaErrorCode(this.media.task.error);
      if (this.connection) this.finish('failed'); else this.ended('failed');
      throw err;
    }
    this.localStream = stream;
    this.applyToggles();
    return stream;
  }

  /** @internal */
  applyToggles(): void { this.media.applyToggles(); }

  /** @internal */
  mediaError(err: unknown): P2PError {
    const code = mediaErrorCode(err);
    return this.error(code, (err as Error | undefined)?.message || code, err);
  }

  private error(code: P2PErrorCode, message: string, cause?: unknown): P2PError {
    fire(this, new P2PErrorEvent(code, message, cause));
    return new P2PError(code, message, { cause });
  }
}

declare global {
  interface HTMLElementTagNameMap { 'p2p-call': P2PCallElement }
}
