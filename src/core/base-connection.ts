/** What DataConnection and MediaConnection share: identity, the signal port, and message routing from the Peer. */
import type { AnswerPayload, CandidatePayload, Json, JsonObject, OfferPayload } from '../protocol/index.js';
import { Emitter, type EventMap } from './emitter.js';
import { PeerError } from './errors.js';
import { kitInfo, type Negotiator, type SignalPort } from './negotiator.js';

/** How long a failed connection between p2p-kit peers gets to recover through an ICE restart. */
export const ICE_RESTART_GRACE_MS = 10000;

/** Everything a connection gets from the Peer: no Peer reference, just what it needs. */
export interface ConnectionContext {
  /** Remote peer id. */
  peer: string;
  connectionId: string;
  metadata?: Json;
  /** Sends OFFER/ANSWER/CANDIDATE to `peer`. */
  signal: SignalPort;
  /** Makes the RTCPeerConnection once the ICE configuration is known (after the server's OPEN). */
  createPeerConnection(): Promise<RTCPeerConnection>;
  /** Tells the Peer to forget this connection (after close). */
  forget(): void;
  /**
   * Caller that gave up before it knew whether the callee is p2p-kit: the Peer cancels the call
   * if a ringing acknowledgement still arrives for it (only p2p-kit callees send one).
   */
  cancelOnRing?(): void;
}

export interface BaseEvents extends EventMap {
  close: [];
  error: [err: PeerError];
  iceStateChanged: [state: RTCIceConnectionState];
}

export abstract class BaseConnection<E extends BaseEvents> extends Emitter<E> {
  /** Remote peer id. */
  readonly peer: string;
  readonly connectionId: string;
  /** The `metadata` the caller attached (any JSON). */
  readonly metadata: Json | undefined;
  /** The connection's RTCPeerConnection (undefined until it exists; a callee's call has none before `answer()`). */
  peerConnection: RTCPeerConnection | undefined;
  /** True when the other end is a p2p-kit peer (it sent `kit` in its OFFER/ANSWER); false for PeerJS. */
  remoteKit = false;
  protected _open = false;
  protected closed = false;
  protected negotiator: Negotiator | undefined;
  /** Signalling that arrived before the RTCPeerConnection existed, replayed after. */
  protected early: (() => void)[] = [];
  private recoverTimer: ReturnType<typeof setTimeout> | undefined;

  protected constructor(protected readonly ctx: ConnectionContext) {
    super();
    this.peer = ctx.peer;
    this.connectionId = ctx.connectionId;
    this.metadata = ctx.metadata;
  }

  /** True while the connection is usable. */
  get open(): boolean { return this._open; }

  abstract get type(): 'data' | 'media';
  abstract close(): void;
  /** True on the side that sent the first OFFER (the impolite side of perfect negotiation). */
  protected abstract get originator(): boolean;
  /** @internal Routed by the Peer. */
  abstract handleAnswer(p: AnswerPayload): void;

  /**
   * Restarts ICE (gathers and exchanges new candidates in a renegotiation), e.g. after a network
   * change. Automatic when the connection fails between p2p-kit peers. PeerJS peers cannot renegotiate.
   */
  restartIce(): void {
    if (!this.remoteKit) throw new PeerError('webrtc', 'ICE restart needs renegotiation, which PeerJS peers do not support');
    this.peerConnection?.restartIce();
  }

  /** @internal Routed by the Peer: a renegotiation OFFER (`kit.renegotiate`) for this connection. */
  handleOffer(p: OfferPayload): void {
    if (!p.kit?.renegotiate) return;
    if (!this.negotiator) { this.early.push(() => this.handleOffer(p)); return; }
    if (this.negotiator.collision && this.originator) return; // the polite side rolls back and answers ours
    this.negotiator.answer(p.sdp, { kit: kitInfo() as unknown as JsonObject }).catch((e: PeerError) => this.fail(e));
  }

  /** @internal Routed by the Peer. */
  handleCandidate(p: CandidatePayload): void {
    if (!this.negotiator) { this.early.push(() => this.handleCandidate(p)); return; }
    void this.negotiator.candidate(p);
  }

  /** Sends a renegotiation OFFER when the RTCPeerConnection needs one (p2p-kit peers, once open). */
  protected async renegotiate(): Promise<void> {
    if (!this._open || !this.remoteKit || this.closed || !this.negotiator) return;
    await this.negotiator.offer({ kit: kitInfo({ renegotiate: true }) as unknown as JsonObject }).catch((e: PeerError) => this.fail(e));
  }

  protected replayEarly(): void {
    const early = this.early;
    this.early = [];
    early.forEach((f) => f());
  }

  protected stopWatching(): void {
    clearTimeout(this.recoverTimer);
  }

  /** Emits an error without throwing when nobody listens (PeerJS semantics). */
  protected fail(err: PeerError): void {
    this.emit('error', ...([err] as E['error']));
  }

  protected watchPeerConnection(pc: RTCPeerConnection, onDead: (why: 'failed' | 'closed') => void): void {
    // ICE that never connected is a negotiation failure the user must see; the STUN/TURN errors
    // seen while gathering (e.g. coturn's 401 for an expired or wrong credential) say why.
    let connected = false;
    const turnErrors = new Map<string, string>();
    pc.addEventListener('icecandidateerror', (ev) => {
      const e = ev as RTCPeerConnectionIceErrorEvent;
      if (e.url && e.errorCode >= 300 && e.errorCode < 700) turnErrors.set(e.url, `${e.errorCode} ${e.errorText}`.trim());
    });
    const dead = (why: 'failed' | 'closed'): void => {
      if (this.closed) return;
      if (why === 'failed' && !connected) this.fail(new PeerError('negotiation-failed', iceFailure(turnErrors)));
      onDead(why);
    };
    // Relay-only gathering that ends without a single local candidate (every TURN server refused us)
    // can never connect, yet Chromium leaves the ICE state at `new` for good: fail now. Counted over
    // the connection's life, not per gathering round: a later round (another m-line joining the bundle,
    // a renegotiation) may add nothing new while the first round's candidates are still connecting.
    let gathered = 0;
    pc.addEventListener('icecandidate', (ev) => { if (ev.candidate?.candidate) gathered++; });
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState !== 'complete' || gathered > 0 || connected) return;
      // Only relay-only connections: elsewhere a round without candidates is a hiccup, not proof.
      if (pc.getConfiguration().iceTransportPolicy === 'relay') dead('failed');
    });
    pc.addEventListener('iceconnectionstatechange', () => {
      this.emit('iceStateChanged', ...([pc.iceConnectionState] as E['iceStateChanged']));
    });
    pc.addEventListener('negotiationneeded', () => { void this.renegotiate(); });
    pc.addEventListener('connectionstatechange', () => {
      const s = pc.connectionState;
      if (s === 'closed') return onDead('closed');
      if (s === 'connected') { connected = true; clearTimeout(this.recoverTimer); this.recoverTimer = undefined; return; }
      if (s !== 'failed') return;
      // Between p2p-kit peers a failed connection gets one ICE restart (by the originator) before giving up.
      if (!this.remoteKit || !this._open) return dead('failed');
      if (this.recoverTimer) return;
      if (this.originator) this.restartIce();
      this.recoverTimer = setTimeout(() => { if (pc.connectionState !== 'connected') dead('failed'); }, ICE_RESTART_GRACE_MS);
    });
  }
}

/** The message of a connection whose ICE never connected, naming the TURN/STUN servers that refused us. */
function iceFailure(serverErrors: Map<string, string>): string {
  const why = [...serverErrors].map(([url, e]) => `${/^turns?:/.test(url) ? 'TURN' : 'STUN'} server ${url} answered ${e}`);
  return why.length
    ? `ICE failed: no path to the peer (${why.join('; ')}${[...serverErrors.values()].some((e) => e.startsWith('401')) ? ': the TURN credential was refused' : ''})`
    : 'ICE failed: no path to the peer (no usable candidate pair; a TURN server may be needed)';
}
