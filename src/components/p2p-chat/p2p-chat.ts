import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { verificationCode } from '../../core/verify.js';
import type { PeerSource } from '../shared/context.js';
import { listen, type CoreDataConnection, type CorePeer } from '../shared/core-types.js';
import { errorEventFrom, fire, P2PError, type P2PErrorCode } from '../shared/events.js';
import { PeerController } from '../shared/peer-controller.js';
import { langOf, StringsController } from '../shared/strings.js';
import { CHAT_LABEL, MAX_TEXT, messageEnvelope, newMessageId } from '../../sessions/chat/envelope.js';
import { ChatLog } from './chat-log.js';
import { ChatSession, type ChatState } from '../../sessions/chat/session.js';
import { P2PMessageEvent, P2PVerificationCodeEvent, type ChatMessage } from './p2p-chat.events.js';
import { chatStrings, type ChatStrings } from './p2p-chat.strings.js';
import { chatStyles } from './p2p-chat.styles.js';

/**
 * A text chat with one remote peer: a message log (`role=log`, announced politely) and a composer
 * (Enter sends, Shift+Enter adds a line). Connects on first use or accepts the remote's connection
 * (label `p2p-chat`; without a `remote`, the first peer that opens a chat becomes it); between p2p-kit peers it shows delivered/read receipts and a typing
 * indicator. Text is always rendered as text.
 *
 * @tagname p2p-chat
 * @summary One-to-one text chat with receipts and typing indicator.
 * @fires {P2PMessageEvent} p2p-message - A message was sent or received (`message`).
 * @fires {P2PMessageStatusEvent} p2p-message-status - An outgoing message's `status` changed.
 * @fires {P2PTypingEvent} p2p-typing - The remote started/stopped typing.
 * @fires {P2PVerificationCodeEvent} p2p-verification-code - The verification `code` is known (with `show-code`).
 * @fires {P2PStateChangeEvent} p2p-state-change - Connection `state` changed.
 * @fires {P2PErrorEvent} p2p-error - Connecting or sending failed (`code`, `message`).
 * @csspart log - The message list (`role=log`).
 * @csspart message - Each message bubble (also `message-in` / `message-out`).
 * @csspart typing - The typing indicator line.
 * @csspart code - The verification code line (with `show-code`).
 * @csspart composer - The form with the text field and send button.
 * @cssprop --p2p-chat-outgoing-background - Bubble color of own messages.
 * @cssprop --p2p-chat-outgoing-color - Text color of own messages.
 * @cssprop --p2p-chat-incoming-background - Bubble color of received messages.
 * @cssprop --p2p-chat-incoming-color - Text color of received messages.
 * @cssprop --p2p-chat-min-height - Minimum height (default 16rem).
 * @cssprop --p2p-chat-max-height - Maximum height before the log scrolls (default 32rem).
 * @cssprop --p2p-color-accent - Accent (buttons, focus ring); shared by all p2p elements.
 * @cssprop --p2p-color-text - Text color (shared).
 * @cssprop --p2p-color-surface - Panel background (shared).
 * @cssprop --p2p-color-border - Border color (shared).
 * @cssprop --p2p-radius - Corner radius (shared).
 * @cssprop --p2p-font-family - Font (shared).
 */
export class P2PChatElement extends LitElement {
  static override styles = chatStyles;

  /** Peer id to chat with (set by the element when a chat arrives while it is empty). */
  @property({ reflect: true }) remote = '';
  /** A core `Peer` or `<p2p-peer>` to use (else `peer="<id>"`, else the enclosing `<p2p-peer>`). */
  @property({ attribute: false }) peer?: CorePeer | PeerSource;
  /** Id of the `<p2p-peer>` element to use. */
  @property({ attribute: 'peer' }) peerRef?: string;
  /** Show the verification code of the connection (compare it with the remote out of band). */
  @property({ type: Boolean, attribute: 'show-code' }) showCode = false;
  /** Do not tell the remote when messages were read (delivered receipts are still sent). */
  @property({ type: Boolean, attribute: 'no-read-receipts' }) noReadReceipts = false;
  /** Most messages kept and shown; older ones are dropped. */
  @property({ type: Number, attribute: 'max-messages' }) maxMessages = 1000;
  /** Display name of the remote (default: its presence name, else its id). */
  @property({ attribute: 'remote-name' }) remoteName = '';
  /** Connection state; written by the element. */
  @property({ reflect: true }) state: ChatState = 'idle';
  /** Set while the remote is typing; written by the element. */
  @property({ type: Boolean, reflect: true, attribute: 'remote-typing' }) remoteTyping = false;
  /** Overrides for the UI strings. */
  @property({ attribute: false }) strings?: Partial<ChatStrings>;
  /** Verification code of the current connection, once known (with `show-code`). */
  @state() code = '';

  @query('textarea') private input!: HTMLTextAreaElement;
  @query('[part=log]') private logEl!: HTMLElement;
  private session?: ChatSession;
  private readonly log = new ChatLog(this);
  private readonly peers = new PeerController(this, {
    onPeerChange: (peer, signal) => {
      this.syncSession();
      // Without a `remote`, the first peer to open a chat with us becomes it.
      if (peer) listen(peer, 'connection', (conn: CoreDataConnection) => this.adoptAny(conn), signal);
    },
  });
  private readonly i18n = new StringsController<ChatStrings>(this, chatStrings);
  private closeTimer?: ReturnType<typeof setTimeout>;

  /** All messages shown, oldest first (a copy). */
  get messages(): ChatMessage[] {
    return [...this.log.messages];
  }

  /** Connects to `remote` now (sending does this by itself). */
  async connect(): Promise<void> {
    await this.requireSession().connect();
  }

  /**
   * Sends `text`. Resolves with the message once it was handed to the connection (status
   * `sent`); receipts update it later. Rejects with a `P2PError` (and fires `p2p-error`).
   */
  async send(text: string): Promise<ChatMessage> {
    if (!text.trim()) throw new P2PError('send-failed', 'Message is empty');
    if (text.length > MAX_TEXT) throw new P2PError('too-large', `Message is longer than ${MAX_TEXT} characters`);
    const session = this.requireSession();
    const msg = this.log.addOutgoing({ id: newMessageId(), from: this.peers.peer?.id ?? '', text, time: Date.now(), direction: 'out', status: 'sending' });
    fire(this, new P2PMessageEvent(msg));
    try {
      await session.send(messageEnvelope(msg.id, text, msg.time));
    } catch (err) {
      this.log.setStatus(msg.id, 'failed');
      const type = (err as { type?: unknown })?.type; // a core PeerError keeps its PeerJS type as code
      const e = err instanceof P2PError ? err
        : new P2PError(typeof type === 'string' ? type as P2PErrorCode : 'send-failed', (err as Error)?.message ?? String(err), { cause: err });
      fire(this, errorEventFrom(e));
      throw e;
    }
    this.log.typingStopped();
    return this.log.setStatus(msg.id, 'sent') ?? msg;
  }

  /** Sends read receipts for everything shown (automatic while the chat is visible). */
  markRead(): void {
    this.log.markRead();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    clearTimeout(this.closeTimer);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Keep the conversation over a DOM move; end it when the element stays out for a task.
    clearTimeout(this.closeTimer);
    this.closeTimer = setTimeout(() => { if (!this.isConnected) this.endSession(); }, 0);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('remote')) this.syncSession();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('showCode')) void this.updateCode();
  }

  override render() {
    const t = this.i18n;
    const name = this.displayName();
    const msgs = this.log.messages;
    const lang = langOf(this) || undefined;
    return html`
      <div part="log" role="log" aria-live="polite" aria-label=${t.t('log', { name })} tabindex="0">
        ${msgs.length ? nothing : html`<p class="empty">${this.remote ? t.t('empty') : t.t('noRemote')}</p>`}
        ${repeat(msgs, (m) => m.id + m.direction, (m) => html`
          <div class="msg ${m.direction}" part="message message-${m.direction}">
            <span class="visually-hidden">${m.direction === 'out' ? t.t('you') : name}: </span>
            <span class="text">${m.text}</span>
            <span class="meta"><time datetime=${new Date(m.time).toISOString()}>${timeOf(m.time, lang)}</time>${m.status ? html` · ${t.t(m.status)}` : nothing}</span>
          </div>`)}
      </div>
      <p part="typing">${this.remoteTyping ? t.t('typing', { name }) : nothing}</p>
      ${this.showCode && this.code ? html`<p part="code">${t.t('code', { code: this.code })}</p>` : nothing}
      <form part="composer" @submit=${this.onSubmit}>
        <label class="visually-hidden" for="input">${t.t('label')}</label>
        <textarea id="input" rows="1" maxlength=${MAX_TEXT} placeholder=${t.t('placeholder')}
          ?disabled=${!this.remote} @keydown=${this.onKeydown} @input=${this.onInput}></textarea>
        <button type="submit" class="primary" ?disabled=${!this.remote}>${t.t('send')}</button>
      </form>`;
  }

  /** Called by the log after messages changed: keep the newest in view. @internal */
  scrollToEnd(): void {
    void this.updateComplete.then(() => { if (this.logEl) this.logEl.scrollTop = this.logEl.scrollHeight; });
  }

  /** The current session (for the log's receipts); undefined without peer or remote. @internal */
  get chatSession(): ChatSession | undefined {
    return this.session;
  }

  /** Called by the session when connections open or close. @internal */
  onSessionState(state: ChatState, conn: CoreDataConnection | undefined): void {
    this.state = state;
    if (state === 'open') void this.updateCode(conn);
    else this.code = '';
  }

  private requireSession(): ChatSession {
    if (!this.remote) throw new P2PError('no-remote', 'Set the `remote` attribute first');
    if (!this.session) throw new P2PError('no-peer', 'No peer: put the chat inside <p2p-peer> or set `peer`');
    return this.session;
  }

  private syncSession(): void {
    const peer = this.peers.peer;
    // A DOM move resolves the same peer again: keep the session (and its connections).
    if (this.session && this.session.peer === peer && this.session.remote === this.remote) return;
    // No peer for now (the host left the DOM, maybe only moving: custom element reactions run after
    // the move, so isConnected can't tell): keep the session; disconnectedCallback's timer decides.
    if (!peer && this.session?.remote === this.remote) return;
    this.endSession();
    if (peer && this.remote) this.session = this.log.createSession(peer, this.remote);
  }

  private adoptAny(conn: CoreDataConnection): void {
    if (this.remote || conn.label !== CHAT_LABEL) return;
    this.remote = conn.peer;
    this.syncSession();
    this.session?.adopt(conn);
  }

  private endSession(): void {
    this.session?.close();
    this.session = undefined;
    this.log.reset();
  }

  private async updateCode(conn = this.session?.connection): Promise<void> {
    const pc = conn?.peerConnection;
    if (!this.showCode || !pc) return;
    const code = await verificationCode(pc).catch(() => '');
    if (conn !== this.session?.connection || !code || code === this.code) return;
    this.code = code;
    fire(this, new P2PVerificationCodeEvent(code));
  }

  private displayName(): string {
    if (this.remoteName) return this.remoteName;
    const entry = this.peers.peer?.presence?.find((p) => p.id === this.remote);
    const name = entry?.metadata?.name;
    return typeof name === 'string' && name ? name : this.remote;
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.input.form?.requestSubmit();
    }
  }

  private onInput(): void {
    this.log.localTyping(this.input.value.length > 0);
  }

  private onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const text = this.input.value;
    if (!text.trim()) return;
    this.input.value = '';
    this.send(text).catch(() => undefined); // reported as p2p-error and shown as "Not sent"
  }
}

/** Hours and minutes in the element's language (`de`: 14:05), else the browser's. */
function timeOf(ms: number, lang?: string): string {
  return new Date(ms).toLocaleTimeString(lang ?? [], { hour: '2-digit', minute: '2-digit' });
}

declare global {
  interface HTMLElementTagNameMap {
    'p2p-chat': P2PChatElement;
  }
}
