import type { ReactiveController } from 'lit';
import type { CoreDataConnection, CorePeer } from '../shared/core-types.js';
import { errorEventFrom, P2PStateChangeEvent } from '../shared/events.js';
import { ChatConversation } from '../../sessions/chat/conversation.js';
import type { MessageStatus } from '../../sessions/chat/envelope.js';
import { ChatSession, type ChatState } from '../../sessions/chat/session.js';
import { P2PMessageEvent, P2PMessageStatusEvent, P2PTypingEvent, type ChatMessage } from './p2p-chat.events.js';

/** What the log needs from `<p2p-chat>`. */
export interface ChatLogHost extends HTMLElement {
  addController(c: ReactiveController): void;
  requestUpdate(): void;
  readonly remote: string;
  readonly noReadReceipts: boolean;
  readonly maxMessages: number;
  readonly chatSession: ChatSession | undefined;
  state: ChatState;
  remoteTyping: boolean;
  onSessionState(state: ChatState, conn: CoreDataConnection | undefined): void;
  scrollToEnd(): void;
}

/**
 * A `<p2p-chat>`'s {@link ChatConversation} (messages, receipts, typing: src/sessions) in the page:
 * read receipts only while the chat is on screen and the tab visible, and DOM events for every change.
 */
export class ChatLog implements ReactiveController {
  private readonly conversation: ChatConversation;
  private visible = false;
  private observer?: IntersectionObserver;
  private abort?: AbortController;

  constructor(private readonly host: ChatLogHost) {
    host.addController(this);
    this.conversation = new ChatConversation({
      get remote() { return host.remote; },
      get noReadReceipts() { return host.noReadReceipts; },
      get maxMessages() { return host.maxMessages; },
      get chatSession() { return host.chatSession; },
      canRead: () => this.visible && document.visibilityState === 'visible',
    }, {
      message: (msg) => host.dispatchEvent(new P2PMessageEvent(msg)),
      status: (id, status) => { host.dispatchEvent(new P2PMessageStatusEvent(id, status)); host.requestUpdate(); },
      typing: (typing) => { host.remoteTyping = typing; host.dispatchEvent(new P2PTypingEvent(host.remote, typing)); },
      changed: () => { host.requestUpdate(); host.scrollToEnd(); },
    });
  }

  get messages(): ChatMessage[] { return this.conversation.messages; }

  hostConnected(): void {
    this.abort = new AbortController();
    this.observer = new IntersectionObserver((entries) => {
      this.visible = entries.some((e) => e.isIntersecting);
      this.conversation.maybeRead();
    });
    this.observer.observe(this.host);
    document.addEventListener('visibilitychange', () => this.conversation.maybeRead(), { signal: this.abort.signal });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.abort?.abort();
    this.visible = false;
  }

  /** A session wired to this log. */
  createSession(peer: CorePeer, remote: string): ChatSession {
    return new ChatSession(peer, remote, {
      received: (env) => this.conversation.received(env),
      state: (state, conn) => {
        const previous = this.host.state;
        this.host.onSessionState(state, conn);
        if (state !== previous) this.host.dispatchEvent(new P2PStateChangeEvent<ChatState>(state, previous));
      },
      error: (err) => this.host.dispatchEvent(errorEventFrom(err, 'webrtc')),
    });
  }

  addOutgoing(msg: ChatMessage): ChatMessage { return this.conversation.addOutgoing(msg); }

  /** Moves an outgoing message forward; returns the new object if it changed. */
  setStatus(id: string, status: MessageStatus): ChatMessage | undefined { return this.conversation.setStatus(id, status); }

  markRead(): void { this.conversation.markRead(); }

  /** The user's text field is (non-)empty: tell the remote, at a bounded rate. */
  localTyping(hasText: boolean): void { this.conversation.localTyping(hasText); }

  typingStopped(): void { this.conversation.typingStopped(); }

  reset(): void {
    this.conversation.reset();
    this.host.requestUpdate();
  }
}
