/** What DataConnection and MediaConnection share: identity, the signal port, and message routing from the Peer. */
import type { AnswerPayload, CandidatePayload, Json, OfferPayload } from '../protocol/index.js';
import { Emitter, type EventMap } from './emitter.js';
import type { PeerError } from './errors.js';
import type { SignalPort } from './negotiator.js';

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
  /** @internal Routed by the Peer. */
  abstract handleOffer(p: OfferPayload): void;
  /** @internal Routed by the Peer. */
  abstract handleAnswer(p: AnswerPayload): void;
  /** @internal Routed by the Peer. */
  abstract handleCandidate(p: CandidatePayload): void;

  /** Emits an error without throwing when nobody listens (PeerJS semantics). */
  protected fail(err: PeerError): void {
    this.emit('error', ...([err] as E['error']));
  }

  protected watchPeerConnection(pc: RTCPeerConnection, onDead: (why: 'failed' | 'closed') => void): void {
    pc.addEventListener('iceconnectionstatechange', () => {
      this.emit('iceStateChanged', ...([pc.iceConnectionState] as E['iceStateChanged']));
    });
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') onDead(pc.connectionState);
    });
  }
}
