import type { Direction } from '../direction.js';
import { advanceStatus, receiptEnvelope, typingEnvelope, type Decoded, type MessageStatus } from './envelope.js';
import type { ChatSession } from './session.js';

/** One chat message. Objects are replaced, never mutated. */
export interface ChatMessage {
  /** Unique per conversation (sender-chosen). */
  readonly id: string;
  /** Peer id of the author. */
  readonly from: string;
  /** Plain text; always rendered as text, never as HTML. */
  readonly text: string;
  /** Epoch ms: when sent (outgoing) or received (incoming). */
  readonly time: number;
  readonly direction: Direction;
  /** Outgoing only: `sending`, `sent`, `delivered`, `read` or `failed`. */
  readonly status?: MessageStatus;
}

/** What a conversation reads from its owner, live (an element's properties, a bot's settings). */
export interface ConversationHost {
  readonly remote: string;
  readonly noReadReceipts: boolean;
  readonly maxMessages: number;
  /** The session receipts and typing go out on (may change, or be missing while offline). */
  readonly chatSession: ChatSession | undefined;
  /** Whether the user sees the conversation right now: then new messages count as read at once. */
  canRead(): boolean;
}

/** What a conversation tells its owner. */
export interface ConversationHooks {
  /** An incoming message was appended. */
  message(msg: ChatMessage): void;
  /** An outgoing message's status moved forward. */
  status(id: string, status: MessageStatus): void;
  /** The remote started or stopped typing. */
  typing(typing: boolean): void;
  /** The message list changed (incoming or outgoing appended). */
  changed(): void;
}

/** Resend "typing" at most this often while the user keeps typing. */
const TYPING_REFRESH_MS = 3000;
/** Local typing counts as stopped after this much quiet. */
const TYPING_IDLE_MS = 4000;
/** Remote typing indicator expires without a refresh after this long (a lost "stopped"). */
const REMOTE_TYPING_TTL_MS = 7000;

/**
 * The state of one chat, without any UI: messages (bounded), outgoing status from receipts, delivered
 * and read receipts, and the typing indicator in both directions. `<p2p-chat>` wraps it (visibility,
 * DOM events); a Node bot can drive it directly with a {@link ChatSession}.
 */
export class ChatConversation {
  messages: ChatMessage[] = [];
  remoteTyping = false;
  private unread: string[] = [];
  private typingSentAt = 0;
  private typingIdle?: ReturnType<typeof setTimeout>;
  private remoteTypingTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly host: ConversationHost, private readonly hooks: ConversationHooks) {}

  addOutgoing(msg: ChatMessage): ChatMessage {
    this.append(msg);
    this.hooks.changed();
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
    this.hooks.status(id, next);
    return msg;
  }

  markRead(): void {
    if (!this.unread.length) return;
    const ids = this.unread.splice(0, 200);
    if (!this.host.noReadReceipts) this.host.chatSession?.trySend(receiptEnvelope(ids, 'read'));
    if (this.unread.length) this.markRead();
  }

  /** Marks what arrived as read if the user can see it now (visibility changed). */
  maybeRead(): void {
    if (this.host.canRead()) this.markRead();
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
  }

  /** Feeds what the session received. */
  received(env: NonNullable<Decoded>): void {
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
    this.hooks.message(msg);
    this.hooks.changed();
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
    if (this.remoteTyping === typing) return;
    this.remoteTyping = typing;
    this.hooks.typing(typing);
  }
}
