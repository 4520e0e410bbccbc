import { P2PEvent } from '../shared/events.js';

export { P2PVerificationCodeEvent } from '../shared/events.js';
import type { MessageStatus } from '../../sessions/chat/envelope.js';
import type { ChatMessage } from '../../sessions/chat/conversation.js';

/** One chat message as the element shows it (defined with the conversation logic in src/sessions). */
export type { ChatMessage } from '../../sessions/chat/conversation.js';

/** `p2p-message`: a message was sent (`direction: 'out'`, status `sending`) or received (`'in'`). */
export class P2PMessageEvent extends P2PEvent {
  static readonly eventName = 'p2p-message';
  readonly message: ChatMessage;
  constructor(message: ChatMessage) {
    super(P2PMessageEvent.eventName);
    this.message = message;
  }
}

/** `p2p-message-status`: an outgoing message moved to `status` (sent, delivered, read, failed). */
export class P2PMessageStatusEvent extends P2PEvent {
  static readonly eventName = 'p2p-message-status';
  readonly id: string;
  readonly status: MessageStatus;
  constructor(id: string, status: MessageStatus) {
    super(P2PMessageStatusEvent.eventName);
    this.id = id;
    this.status = status;
  }
}

/** `p2p-typing`: the remote started (`typing: true`) or stopped typing. */
export class P2PTypingEvent extends P2PEvent {
  static readonly eventName = 'p2p-typing';
  readonly typing: boolean;
  readonly from: string;
  constructor(from: string, typing: boolean) {
    super(P2PTypingEvent.eventName);
    this.from = from;
    this.typing = typing;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'p2p-message': P2PMessageEvent;
    'p2p-message-status': P2PMessageStatusEvent;
    'p2p-typing': P2PTypingEvent;
  }
}
