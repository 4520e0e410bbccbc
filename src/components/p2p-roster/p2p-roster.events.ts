import { P2PEvent } from '../shared/events.js';

/** What a roster button asks for. */
export type RosterAction = 'call' | 'chat' | 'file';

/** `p2p-select`: the user picked `action` for `peerId` (wire it to `<p2p-call>`, `<p2p-chat>`, `<p2p-file-drop>`). */
export class P2PSelectEvent extends P2PEvent {
  static readonly eventName = 'p2p-select';
  readonly peerId: string;
  readonly action: RosterAction;
  /** The peer's display name from presence ('' if none). */
  readonly name: string;
  constructor(peerId: string, action: RosterAction, name = '') {
    super(P2PSelectEvent.eventName);
    this.peerId = peerId;
    this.action = action;
    this.name = name;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'p2p-select': P2PSelectEvent;
  }
}
