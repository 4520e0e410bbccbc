import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  P2PError, P2PErrorEvent, P2PVerificationCodeEvent, fire, PeerController, StringsController, listen,
  type CorePeer, type P2PErrorCode, type PeerSource,
} from '../shared/index.js';
import { type CallConnection, stopAll } from './call-media.js';
import { CallFlow, endError } from './call-flow.js';
import { LocalMedia } from './call-local-media.js';
import { CallTracks } from './call-tracks.js';
import { type CallState, type EndReason, type MediaErrorCode, isLive, mediaErrorCode } from './call-state.js';
import { P2PIncomingCallEvent } from './p2p-call.events.js';
import { renderCall } from './p2p-call.render.js';
import { callStrings, type CallStrings } from './p2p-call.strings.js';
import { styles } from './p2p-call.styles.js';
import { isRoomCall } from '../../core/room/room-links.js';
import { verificationCode } from '../../core/verify.js';

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
  private readonly tracks = new CallTracks(this);
  private readonly flow = new CallFlow(this, this.tracks);

  /** Calls `remote`. Resolves when the call is active; rejects with a `P2PError` (`declined`, `busy`, `timeout`, `cancelled`, `peer-unavailable`, media codes) if it ends first. */
  async start(): Promise<void> {
    const peer = this.peers.peer;
    if (!this.remote) throw this.error('no-remote', 'Set remote to the peer id to call');
    if (!peer) throw this.error('no-peer', 'No peer: put the element in a <p2p-peer> or set peer');
    if (!this.flow.go('start')) throw new P2PError('busy', `Cannot start a call while ${this.state}`);
    const stream = await this.acquire();
    if (this.state !== 'calling') { stopAll(stream); throw endError(this.endReason ?? 'cancelled'); }
    const call = peer.call(this.remote, stream, { metadata: { kit: 'p2p-call' } }) as CallConnection;
    this.flow.bind(call);
    this.flow.ring(() => this.flow.finish('no-answer'));
    return this.flow.untilActive();
  }

  /** Answers the ringing call with camera/mic. Resolves when active. */
  async answer(): Promise<void> {
    if (this.state !== 'ringing' || !this.connection) throw new P2PError('cancelled', 'No call to answer');
    const call = this.connection;
    this.flow.go('answer');
    this.flow.stopRinging();
    const stream = await this.acquire();
    if (this.connection !== call || (this.state as CallState) !== 'connecting') { stopAll(stream); throw endError(this.endReason ?? 'missed'); }
    this.flow.markAnswered();
    call.answer(stream);
    return this.flow.untilActive();
  }

  /** Declines the ringing call (the caller sees `declined`). */
  async decline(): Promise<void> {
    if (this.state === 'ringing') this.flow.finish('declined');
  }

  /** Ends the call in any live state: cancels calling, declines ringing, hangs up otherwise. */
  async hangUp(): Promise<void> {
    if (this.state === 'calling') this.flow.finish('cancelled');
    else if (this.state === 'ringing') this.flow.finish('declined');
    else if (this.state === 'connecting' || this.state === 'active') this.flow.finish('hangup');
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
      this.flow.finish(this.state === 'ringing' ? 'missed' : this.state === 'calling' ? 'cancelled' : 'hangup');
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
    if (isRoomCall(call)) return; // a room's mesh link, answered by its Room
    if (isLive(this.state)) { if (call.reject) call.reject('busy'); else call.close(); return; }
    this.flow.go('incoming');
    this.flow.bind(call, true);
    // Our ring-timeout ran out: tell a p2p-kit caller (it ends with `no-answer`) instead of leaving it ringing.
    this.flow.ring(() => this.flow.finish('missed', 'no-answer'));
    const ev = new P2PIncomingCallEvent(call.peer, call.metadata, (yes) => this.connection === call
      ? (yes ? this.answer() : this.decline()) : Promise.reject(endError('missed')));
    fire(this, ev);
    if (ev.defaultPrevented && this.connection === call && this.state === 'ringing') void this.decline();
  }

  /** Gets camera/mic through the task; on failure the call fails with a typed `p2p-error`. */
  private async acquire(): Promise<MediaStream> {
    const stream = await this.media.acquire();
    if (!stream) {
      const err = this.mediaError(this.media.task.error);
      this.mediaFailure = mediaErrorCode(this.media.task.error);
      if (this.connection) this.flow.finish('failed'); else this.flow.ended('failed');
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
