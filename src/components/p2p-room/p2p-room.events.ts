import type { RoomParticipant } from '../../core/index.js';
import { P2PEvent } from '../shared/events.js';

/** `p2p-participant-join` / `-leave` / `-change`: someone joined, left, or changed (muted, camera, screen, link, stream). */
export class P2PParticipantEvent extends P2PEvent {
  static readonly join = 'p2p-participant-join';
  static readonly leave = 'p2p-participant-leave';
  static readonly change = 'p2p-participant-change';
  readonly participant: RoomParticipant;
  constructor(type: 'p2p-participant-join' | 'p2p-participant-leave' | 'p2p-participant-change', participant: RoomParticipant) {
    super(type);
    this.participant = participant;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'p2p-participant-join': P2PParticipantEvent;
    'p2p-participant-leave': P2PParticipantEvent;
    'p2p-participant-change': P2PParticipantEvent;
  }
}
