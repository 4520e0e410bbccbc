/**
 * Offer/answer/candidate handling for one connection's RTCPeerConnection. It talks to the server only
 * through the narrow {@link SignalPort}; candidates that arrive before the remote description are
 * held back and applied after it.
 */
import type { CandidatePayload, IceCandidateJson, JsonObject, KitInfo, SessionDescriptionJson } from '../protocol/index.js';
import { PeerError } from './errors.js';

/** What a connection may send to its remote peer through the server. */
export type SignalPort = (type: 'OFFER' | 'ANSWER' | 'CANDIDATE' | 'LEAVE', payload: JsonObject) => void;

/** Features p2p-kit announces in `kit.features`. */
export const KIT_FEATURES = ['renegotiate', 'reject', 'msgpack-stream'];
/** The `kit` object p2p-kit peers put in OFFER/ANSWER payloads. */
export const kitInfo = (extra: Partial<KitInfo> = {}): KitInfo => ({ v: 1, features: KIT_FEATURES, ...extra });

export class Negotiator {
  private pendingCandidates: IceCandidateJson[] = [];
  /** True while we create and send an offer (perfect negotiation's `makingOffer`). */
  makingOffer = false;
  /** True while our remote ANSWER is being applied (the state is not `stable` yet, but an offer is welcome). */
  applyingAnswer = false;

  constructor(
    readonly pc: RTCPeerConnection,
    private readonly kind: 'data' | 'media',
    private readonly connectionId: string,
    private readonly port: SignalPort,
  ) {
    pc.addEventListener('icecandidate', (ev) => {
      const c = ev.candidate;
      if (!c || !c.candidate || pc.iceConnectionState === 'completed') return; // PeerJS sends no end-of-candidates
      this.port('CANDIDATE', { candidate: c.toJSON() as unknown as JsonObject, type: this.kind, connectionId: this.connectionId });
    });
  }

  /** Creates and sends an OFFER carrying `fields` (label, metadata, serialization, kit…). */
  async offer(fields: JsonObject): Promise<void> {
    this.makingOffer = true;
    try {
      await this.pc.setLocalDescription(await this.pc.createOffer());
      this.port('OFFER', { sdp: this.localJson(), type: this.kind, connectionId: this.connectionId, ...fields });
    } catch (cause) {
      throw new PeerError('negotiation-failed', 'Could not create an offer', { cause });
    } finally {
      this.makingOffer = false;
    }
  }

  /** Applies a remote offer, runs `beforeAnswer` (add tracks), and sends the ANSWER (with `fields`, e.g. `kit`). */
  async answer(offer: SessionDescriptionJson, fields: JsonObject, beforeAnswer?: () => void): Promise<void> {
    try {
      await this.pc.setRemoteDescription(offer as RTCSessionDescriptionInit);
      beforeAnswer?.();
      await this.pc.setLocalDescription(await this.pc.createAnswer());
      this.port('ANSWER', { sdp: this.localJson(), type: this.kind, connectionId: this.connectionId, ...fields });
      // After the ANSWER, not before: the caller waits for it, and each candidate waits its turn in
      // the connection's operation queue (~10 ms for the first ones in a page).
      this.flushCandidates();
    } catch (cause) {
      throw new PeerError('negotiation-failed', 'Could not answer the offer', { cause });
    }
  }

  /** Applies the remote ANSWER to our offer. */
  async accept(answer: SessionDescriptionJson): Promise<void> {
    this.applyingAnswer = true;
    try {
      await this.pc.setRemoteDescription(answer as RTCSessionDescriptionInit);
      this.flushCandidates();
    } catch (cause) {
      throw new PeerError('negotiation-failed', 'Could not apply the answer', { cause });
    } finally {
      this.applyingAnswer = false;
    }
  }

  /** Perfect negotiation: an incoming offer collides with one of ours. */
  get collision(): boolean {
    return this.makingOffer || (this.pc.signalingState !== 'stable' && !this.applyingAnswer);
  }

  /** Adds a remote candidate now, or after the remote description is set. */
  async candidate(p: CandidatePayload): Promise<void> {
    if (!this.pc.remoteDescription) { this.pendingCandidates.push(p.candidate); return; }
    try {
      await this.pc.addIceCandidate(p.candidate as RTCIceCandidateInit);
    } catch { /* stale candidates after renegotiation or close are harmless */ }
  }

  /** Queues the held-back candidates on the connection (its operation chain keeps them in order), not waiting for them. */
  private flushCandidates(): void {
    const list = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const c of list) {
      try { this.pc.addIceCandidate(c as RTCIceCandidateInit).catch(() => { /* see candidate() */ }); } catch { /* see candidate() */ }
    }
  }

  private localJson(): JsonObject {
    const d = this.pc.localDescription!;
    return { type: d.type, sdp: d.sdp };
  }
}
