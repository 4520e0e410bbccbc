import { P2PEvent } from '../shared/events.js';

export { P2PStateChangeEvent } from '../shared/events.js';

/** `p2p-open`: the peer is registered with the signalling server under `id`. */
export class P2POpenEvent extends P2PEvent {
  static readonly eventName = 'p2p-open';
  readonly id: string;
  constructor(id: string) {
    super(P2POpenEvent.eventName);
    this.id = id;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'p2p-open': P2POpenEvent;
  }
}
