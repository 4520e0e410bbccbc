import type { ReactiveController } from 'lit';
import type { CoreDataConnection, CorePeer } from '../shared/core-types.js';
import { errorEventFrom, P2PStateChangeEvent } from '../shared/events.js';
import { advanceStatus, receiptEnvelope, typingEnvelope, type Decoded, type MessageStatus } from '../../sessions/chat/envelope.js';
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

/** Resend "typing" at most this often while the user keeps typing. */
const TYPING_REFRESH_MS = 3000;
/** Local typing counts as stopped after this much quiet. */
const TYPING_IDLE_MS = 4000;
/** Remote typing indicator expires without a refresh after this long (a lost "stopped"). */
const REMOTE_TYPING_TTL_MS = 7000;

/**
 * The conversation state of a `<p2p-chat>`: messages, outgoing status from receipts, read
 * receipts while the chat is visible, and the typing indicator in both directions.
 */
export class ChatLog implements ReactiveController {
  messages: ChatMessage[] = [];
  private unread: string[] = [];
  private visible = false;
  private observer?: IntersectionObserver;
  private abort?: AbortController;
  private typingSentAt = 0;
  private typingIdle?: ReturnType<typeof setTimeout>;
  private remoteTypingTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly host: ChatLogHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.abort = new AbortController();
    this.observer = new IntersectionObserver((entries) => {
      this.visible = entries.some((e) => e.isIntersecting);
      this.maybeRead();
    });
    this.observer.observe(this.host);
    document.addEventListener('visibilitychange', () => this.maybeRead(), { signal: this.abort.signal });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.abort?.abort();
    this.visible = false;
  }

  /** A session wired to this log. */
  createSession(peer: CorePeer, remote: string): ChatSession {
    return new ChatSession(peer, remote, {
      received: (env) => this.received(env),
      state: (state, conn) => {
        const previous = this.host.state;
        this.host.onSessionState(state, conn);
        if (state !== previous) this.host.dispatchEvent(new P2PStateChangeEvent<ChatState>(state, previous));
      },
      error: (err) => this.host.dispatchEvent(errorEventFrom(err, 'webrtc')),
    });
  }

  addOutgoing(msg: ChatMessage): ChatMessage {
    this.append(msg);
    this.changed();
    return msg;
  }

  /** Moves an outgoing message forward; returns the new object if it changed. */
  setStatus(id: string, status: MessageStatus): ChatMessage | undefined {
    const i = this.messages.findIndex((m) => m.id === id && m.direction === 'out');
    if (i < 0) return undefined;
    const old = this.messages[i];
    const next = advanceStatus(old.status ?? 'sending', status);
    if (next === old.status) return old;
    const msg = { ...old, status: next };
    this.messages = this.messages.with(i, msg);
    this.host.dispatchEvent(new P2PMessageStatusEvent(id, next));
    this.host.requestUpdate();
    return msg;
  }

  markRead(): void {
    if (!this.unread.length) return;
    const ids = this.unread.splice(0, 200);
    if (!this.host.noReadReceipts) this.host.chatSession?.trySend(receiptEnvelope(ids, 'read'));
    if (this.unread.length) this.markRead();
  }

  /** The user's text field is (non-)empty: tell the remote, at a bounded rate. */
  localTyping(hasText: boolean): void {
    const session = this.host.chatSession;
    if (!session) return;
    clearTimeout(this.typingIdle);
    if (!hasText) { this.typingStopped(); return; }
    if (session.state !== 'open') session.connect().catch(() => undefined); // warm up for the send
    const now = Date.now();
    if (now - this.typingSentAt > TYPING_REFRESH_MS) {
      this.typingSentAt = now;
      session.trySend(typingEnvelope(true));
    }
    this.typingIdle = setTimeout(() => this.typingStopped(), TYPING_IDLE_MS);
  }

  typingStopped(): void {
    clearTimeout(this.typingIdle);
    if (!this.typingSentAt) return;
    this.typingSentAt = 0;
    this.host.chatSession?.trySend(typingEnvelope(false));
  }

  reset(): void {
    this.messages = [];
    this.unread = [];
    this.typingSentAt = 0;
    clearTimeout(this.typingIdle);
    this.setRemoteTyping(false);
    this.host.requestUpdate();
  }

  private received(env: NonNullable<Decoded>): void {
    const session = this.host.chatSession;
    switch (env.type) {
      case 'plain':
        this.addIncoming({ id: `plain-${crypto.randomUUID()}`, from: this.host.remote, text: env.text, time: Date.now(), direction: 'in' });
        return;
      case 'msg':
        // Receipts are idempotent, so a duplicate (resent over a second connection) is only re-acknowledged.
        session?.trySend(receiptEnvelope([env.id], 'delivered'));
        if (this.messages.some((m) => m.id === env.id && m.direction === 'in')) return;
        this.unread.push(env.id);
        this.addIncoming({ id: env.id, from: this.host.remote, text: env.text, time: Date.now(), direction: 'in' });
        this.maybeRead();
        return;
      case 'receipt':
        for (const id of env.ids) this.setStatus(id, env.status);
        return;
      case 'typing':
        this.setRemoteTyping(env.typing);
    }
  }

  private addIncoming(msg: ChatMessage): void {
    this.setRemoteTyping(false);
    this.append(msg);
    this.host.dispatchEvent(new P2PMessageEvent(msg));
    this.changed();
  }

  /** Appends, dropping the oldest beyond `maxMessages` so a long session stays bounded. */
  private append(msg: ChatMessage): void {
    const max = Math.max(1, this.host.maxMessages || 1);
    const next = [...this.messages, msg];
    this.messages = next.length > max ? next.slice(next.length - max) : next;
  }

  private setRemoteTyping(typing: boolean): void {
    clearTimeout(this.remoteTypingTimer);
    if (typing) this.remoteTypingTimer = setTimeout(() => this.setRemoteTyping(false), REMOTE_TYPING_TTL_MS);
    if (this.host.remoteTyping === typing) return;
    this.host.remoteTyping = typing;
    this.host.dispatchEvent(new P2PTypingEvent(this.host.remote, typing));
  }

  private maybeRead(): void {
    if (this.visible && document.visibilityState === 'visible') this.markRead();
  }

  private changed(): void {
    this.host.requestUpdate();
    this.host.scrollToEnd();
  }
}
