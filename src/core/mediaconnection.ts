/**
 * A media call with PeerJS's API and wire format, plus what PeerJS lacks: reject with a reason,
 * close reasons, and renegotiation (add/replace/remove tracks) between p2p-kit peers.
 */
import type { AnswerPayload, JsonObject, OfferPayload, RejectReason } from '../protocol/index.js';
import { BaseConnection, type BaseEvents, type ConnectionContext } from './base-connection.js';
import { PeerError } from './errors.js';
import { Negotiator, kitInfo } from './negotiator.js';

/**
 * Why a call ended (`cancelled`: a p2p-kit caller gave up before this callee answered; `no-answer`:
 * the callee rang until its own timeout ran out and said so with `reject('no-answer')`).
 */
export type CloseReason = 'hangup' | 'remote-hangup' | 'declined' | 'busy' | 'no-answer' | 'failed' | 'unavailable' | 'destroyed' | 'cancelled';

export interface MediaConnectionEvents extends BaseEvents {
  stream: [stream: MediaStream];
  /** PeerJS: the remote hang-up channel is up, so a remote `close()` will be noticed. */
  willCloseOnRemote: [];
  /**
   * Once, when ICE first reaches connected/completed (both sides): media can flow now. PeerJS has
   * no such event (its calls count as open on the answer, before ICE connects).
   */
  open: [];
  /** Caller, p2p-kit callee only: the callee got the call and is ringing (PeerJS callees never say so). */
  ringing: [];
}

export interface MediaConnectionInit extends ConnectionContext {
  /** Caller side: the stream to send (omit for a receive-only call). */
  stream?: MediaStream;
  /** Callee side: the OFFER that created this call. */
  offer?: OfferPayload;
}

const asJson = <T>(v: T): JsonObject => v as unknown as JsonObject;

/** The LEAVE payload with which a p2p-kit caller cancels one unanswered call (p2p-kit callees only). */
export const cancelPayload = (connectionId: string): JsonObject => ({ connectionId, type: 'media', kit: { v: 1, cancel: true } });

export class MediaConnection extends BaseConnection<MediaConnectionEvents> {
  /** Why the call ended (undefined while it is not closed). */
  closeReason: CloseReason | undefined;
  localStream: MediaStream | undefined;
  remoteStream: MediaStream | undefined;
  /** The hang-up channel PeerJS callees watch (PROTOCOL.md §2.3). */
  dataChannel: RTCDataChannel | undefined;

  /** @internal Made by `Peer.call()` or on an incoming OFFER. */
  constructor(private readonly init: MediaConnectionInit) {
    super(init);
    this.localStream = init.stream;
    this.remoteKit = !!init.offer?.kit;
    // Tell a p2p-kit caller we ring, so it knows it may cancel us (never sent to PeerJS callers:
    // they would take an ANSWER without sdp for a broken answer).
    if (init.offer?.kit) this.ctx.signal('ANSWER', { type: 'media', connectionId: this.connectionId, kit: asJson(kitInfo({ ringing: true })) });
    if (!init.offer) void this.start();
  }

  get type(): 'media' { return 'media'; }
  protected get originator(): boolean { return !this.init.offer; }
  /** PeerJS compatibility: media connections have no label of their own. */
  get label(): string { return this.connectionId; }

  /** Callee: accepts the call, sending `stream` (omit it to only receive). */
  answer(stream?: MediaStream): void {
    if (!this.init.offer || this.negotiator || this.closed) return;
    this.localStream = stream;
    void this.start();
  }

  /**
   * Callee: refuses the call. A p2p-kit caller is told why (`declined`, `busy`, or `no-answer` when
   * the callee stops ringing by itself) and ends with that `closeReason`, as does this call; a PeerJS
   * caller cannot be told and just never gets an answer.
   */
  reject(reason: RejectReason = 'declined'): void {
    if (!this.init.offer || this.negotiator || this.closed) return;
    if (this.remoteKit) this.ctx.signal('ANSWER', { type: 'media', connectionId: this.connectionId, kit: asJson(kitInfo({ reject: reason })) });
    this.end(reason);
  }

  /** Hangs up; the other side sees `close` within about a second (its hang-up channel closes). */
  close(): void { this.end('hangup'); }

  /** Replaces the outgoing track of `kind` without renegotiation (e.g. switch camera); `null` sends nothing. */
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    const pc = this.requirePc();
    const tr = pc.getTransceivers().find((t) => t.currentDirection !== 'stopped' && (t.sender.track?.kind ?? t.receiver.track.kind) === kind);
    if (!tr) {
      if (track) return this.addTrack(track);
      return;
    }
    const old = tr.sender.track;
    await tr.sender.replaceTrack(track);
    if (tr.direction === 'recvonly' && track && this.remoteKit) tr.direction = 'sendrecv';
    this.localStream ??= new MediaStream();
    if (old) this.localStream.removeTrack(old);
    if (track) this.localStream.addTrack(track);
  }

  /** Sends `stream` instead of the current local stream: replaces tracks per kind, adds or removes the rest. */
  async setLocalStream(stream: MediaStream): Promise<void> {
    for (const kind of ['audio', 'video'] as const) {
      await this.replaceTrack(kind, stream.getTracks().find((t) => t.kind === kind) ?? null);
    }
    this.localStream = stream;
  }

  /** Adds a track (p2p-kit peers only: renegotiates). Throws `webrtc` for PeerJS peers, which cannot renegotiate. */
  async addTrack(track: MediaStreamTrack): Promise<void> {
    const pc = this.requirePc();
    if (!this.remoteKit) throw new PeerError('webrtc', 'Adding tracks needs renegotiation, which PeerJS peers do not support; use replaceTrack()');
    this.localStream ??= new MediaStream();
    this.localStream.addTrack(track);
    pc.addTrack(track, this.localStream);
  }

  /** Stops sending `track` (p2p-kit peers: renegotiates; PeerJS peers: the sender goes silent). */
  async removeTrack(track: MediaStreamTrack): Promise<void> {
    const pc = this.requirePc();
    const sender = pc.getSenders().find((s) => s.track === track);
    this.localStream?.removeTrack(track);
    if (!sender) return;
    if (this.remoteKit) pc.removeTrack(sender);
    else await sender.replaceTrack(null);
  }

  private requirePc(): RTCPeerConnection {
    if (!this.peerConnection || this.closed) throw new PeerError('not-open-yet', 'The call is not active');
    return this.peerConnection;
  }

  private async start(): Promise<void> {
    let pc: RTCPeerConnection;
    try {
      pc = await this.init.createPeerConnection();
    } catch (cause) {
      this.fail(new PeerError('webrtc', 'Could not create an RTCPeerConnection', { cause }));
      return this.end('failed');
    }
    if (this.closed) { pc.close(); return; }
    this.peerConnection = pc;
    this.watchPeerConnection(pc, (why) => this.end(why === 'failed' ? 'failed' : 'remote-hangup'));
    const onIce = () => {
      const s = pc.iceConnectionState;
      if (this.closed || (s !== 'connected' && s !== 'completed')) return;
      pc.removeEventListener('iceconnectionstatechange', onIce);
      this.emit('open');
    };
    pc.addEventListener('iceconnectionstatechange', onIce);
    pc.addEventListener('track', (ev) => {
      this.remoteStream = ev.streams[0] ?? this.remoteStream ?? new MediaStream();
      if (!this.remoteStream.getTracks().includes(ev.track)) this.remoteStream.addTrack(ev.track);
      this.emit('stream', this.remoteStream);
    });
    const neg = (this.negotiator = new Negotiator(pc, 'media', this.connectionId, this.ctx.signal));
    const offer = this.init.offer;
    try {
      if (offer) {
        pc.addEventListener('datachannel', (ev) => { if (!this.dataChannel) this.bindHangup(ev.channel); });
        // Tracks are added after the remote offer so they reuse its transceivers (no extra m-lines).
        await neg.answer(offer.sdp, { kit: asJson(kitInfo()) }, () => {
          for (const t of this.localStream?.getTracks() ?? []) pc.addTrack(t, this.localStream!);
        });
        this.open_();
      } else {
        if (this.localStream?.getTracks().length) {
          for (const t of this.localStream.getTracks()) pc.addTrack(t, this.localStream);
        } else {
          pc.addTransceiver('audio', { direction: 'recvonly' });
          pc.addTransceiver('video', { direction: 'recvonly' });
        }
        this.bindHangup(pc.createDataChannel('p2p-kit-call', { ordered: false }));
        await neg.offer({ ...(this.metadata !== undefined ? { metadata: this.metadata } : {}), kit: asJson(kitInfo()) });
      }
    } catch (err) {
      this.fail(err instanceof PeerError ? err : new PeerError('negotiation-failed', String(err), { cause: err }));
      return this.end('failed');
    }
    this.replayEarly();
  }

  private open_(): void {
    this._open = true;
  }

  private bindHangup(dc: RTCDataChannel): void {
    this.dataChannel = dc;
    dc.addEventListener('open', () => this.emit('willCloseOnRemote'));
    dc.addEventListener('close', () => this.end('remote-hangup'));
  }

  handleAnswer(p: AnswerPayload): void {
    if (p.kit?.reject) { this.remoteKit = true; this.end(p.kit.reject); return; }
    if (!p.sdp && p.kit?.ringing) {
      if (this.closed || !this.originator || this._open) return;
      this.remoteKit = true;
      this.emit('ringing');
      return;
    }
    if (!this.negotiator) { this.early.push(() => this.handleAnswer(p)); return; }
    this.remoteKit = !!p.kit;
    if (!p.sdp) return;
    // Open as soon as the answer arrives (as PeerJS does): remote tracks fire while it is applied.
    if (!this._open && !this.closed) this.open_();
    this.negotiator.accept(p.sdp).catch((e: PeerError) => { this.fail(e); this.end('failed'); });
  }

  /** @internal Ends the call with `reason` (used by the Peer for EXPIRE/LEAVE/destroy). */
  end(reason: CloseReason): void {
    if (this.closed) return;
    // A caller giving up on a p2p-kit callee that rings tells it, so it stops ringing at once. Only
    // when the callee said it rings: a PeerJS callee would close *every* connection with us on LEAVE.
    if (this.originator && !this._open && (reason === 'hangup' || reason === 'destroyed')) {
      if (this.remoteKit) this.ctx.signal('LEAVE', cancelPayload(this.connectionId));
      else this.ctx.cancelOnRing?.(); // its ringing ack may still be on the way
    }
    this.closed = true;
    this._open = false;
    this.closeReason = reason;
    this.stopWatching();
    this.dataChannel?.close();
    this.peerConnection?.close();
    this.ctx.forget();
    this.emit('close');
  }
}
