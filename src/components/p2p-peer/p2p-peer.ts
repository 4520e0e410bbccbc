import { LitElement, html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
// Modules, not the core's index: that one re-exports Room, which the page loads only on join.
import { Peer } from '../../core/peer.js';
import type { SignalTransport } from '../../core/transport.js';
import { peerContext, PEER_CHANGE_EVENT, type PeerSource } from '../shared/context.js';
import { listen, type CorePeer, type PeerState } from '../shared/core-types.js';
import { errorEventFrom, fire, P2PErrorEvent, P2PStateChangeEvent } from '../shared/events.js';
import { StringsController } from '../shared/strings.js';
import { P2POpenEvent } from './p2p-peer.events.js';
import { peerStyles } from './p2p-peer.styles.js';
import { peerStrings, type PeerStrings } from './p2p-peer.strings.js';
import { parseServer } from './server-url.js';

/** Properties whose change means a different signalling session: the Peer is re-created. */
const SESSION_PROPS = ['server', 'key', 'peerId', 'config', 'transport', 'authToken'] as const;
/**
 * Servers notice a closed socket a moment after we close it, so re-registering an id we just gave
 * up can meet `unavailable-id`. Within this window such a refusal is retried (bounded) instead of failing.
 */
const RELEASE_GRACE_MS = 10_000;
const MAX_RETRIES = 5;
/** The status text naming why a session failed, per error code (other codes: just "Connection failed"). */
const FAILURE_REASONS: Partial<Record<string, keyof PeerStrings & string>> = {
  'invalid-key': 'reasonInvalidKey', 'unavailable-id': 'reasonUnavailableId', 'invalid-id': 'reasonInvalidId',
  'invalid-server': 'reasonInvalidServer', 'browser-incompatible': 'reasonBrowserIncompatible',
  unauthorized: 'reasonUnauthorized',
};

/**
 * Owns one core `Peer` (a signalling session) and provides it to the `<p2p-*>` elements inside it
 * (or to any element pointing at it with `peer="<this element's id>"`). It shows a small status
 * line, then its children.
 *
 * The Peer is created on the first update after the element is connected, re-created when
 * `server`, `key`, `peer-id`, `config` or `transport` change, and destroyed when the element has
 * left the DOM for a whole task (so a DOM move keeps it).
 *
 * @tagname p2p-peer
 * @summary A signalling session: provides a core Peer to the elements inside.
 * @slot - Content; descendant `<p2p-*>` elements use this peer.
 * @fires {P2POpenEvent} p2p-open - Registered with the server; `id` is the peer id.
 * @fires {P2PStateChangeEvent} p2p-state-change - `state` changed (`state`, `previous`).
 * @fires {P2PErrorEvent} p2p-error - A core error (`code` is PeerJS's error type, e.g. `unavailable-id`) or `invalid-server`.
 * @csspart status - The status line (dot + text), a `role=status` live region.
 * @cssprop --p2p-peer-dot-color - Color of the status dot (default: by state).
 * @cssprop --p2p-color-accent - Accent (buttons, focus ring); shared by all p2p elements.
 * @cssprop --p2p-color-text - Text color (shared).
 * @cssprop --p2p-color-surface - Panel background (shared).
 * @cssprop --p2p-color-border - Border color (shared).
 * @cssprop --p2p-radius - Corner radius (shared).
 * @cssprop --p2p-font-family - Font (shared).
 */
export class P2PPeerElement extends LitElement implements PeerSource {
  static override styles = peerStyles;

  /** Signalling server URL (`ws(s)://` or `http(s)://host:port/path`); default: this page's origin, path `/`. */
  @property() server = '';
  /** Server key (PeerServer's `key`). */
  @property() key = 'peerjs';
  /**
   * Peer id. Set it to ask for one; empty means the server assigns one. Once open, the property
   * holds the id in use (also a brokered one; the attribute is left alone). Changing it to another
   * id starts a new session.
   */
  @property({ attribute: 'peer-id' }) peerId = '';
  /** Display name others see in presence (`metadata.name`). */
  @property() name = '';
  /** Join the live presence list, so rosters elsewhere show this peer. */
  @property({ type: Boolean }) discoverable = false;
  /** Hide the status line. */
  @property({ type: Boolean, attribute: 'no-status', reflect: true }) noStatus = false;
  /** Current state of the Peer; written by the element, for CSS and scripts. */
  @property({ reflect: true }) state: PeerState = 'closed';
  /** `RTCConfiguration` passed to the Peer (e.g. `{ iceServers: [...] }`). */
  @property({ attribute: false }) config?: RTCConfiguration;
  /**
   * Custom signalling transport passed to the Peer (e.g. `createLoopbackNetwork().transport()` in
   * stories and offline tests); when set, `server` is not used.
   */
  @property({ attribute: false }) transport?: SignalTransport;
  /** Overrides for the status strings. */
  @property({ attribute: false }) strings?: Partial<PeerStrings>;
  /**
   * Signed token (JWT) from your backend, for a server started with auth; its `sub` is the id when
   * `peer-id` is empty. Changing it starts a new session; to keep one going, set `refreshAuthToken`.
   */
  @property({ attribute: 'auth-token' }) authToken = '';
  /** Returns a fresh token before the current one expires (the core calls it; the session goes on). */
  @property({ attribute: false }) refreshAuthToken?: () => string | Promise<string>;

  private _peer?: CorePeer;
  private brokeredId?: string;
  private released?: { id: string; at: number };
  private retries = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private abort?: AbortController;
  private destroyTimer?: ReturnType<typeof setTimeout>;
  private readonly i18n = new StringsController<PeerStrings>(this, peerStrings);
  /** The error code that made the session fail (the status line names it); cleared on any other state. */
  @state() private failure?: string;

  constructor() {
    super();
    new ContextProvider(this, { context: peerContext, initialValue: this });
  }

  /** The core `Peer` this element owns (undefined before the first update and after removal). */
  get peer(): CorePeer | undefined {
    return this._peer;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    clearTimeout(this.destroyTimer);
    // Back in the DOM after its session ended: start a new one on the next update.
    if (this.hasUpdated && !this._peer) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A DOM move is disconnect + connect in the same task: only end the session if we stay out.
    clearTimeout(this.destroyTimer);
    this.destroyTimer = setTimeout(() => { if (!this.isConnected) this.teardown(); }, 0);
  }

  /** Lets `moveBefore()` move the element without any disconnect at all. @internal */
  connectedMoveCallback(): void {}

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Before render, so the state this sets is rendered in the same update.
    if (!this.isConnected) return;
    const session = SESSION_PROPS.filter((p) => changed.has(p));
    // peerId catching up with a brokered id is not a new session.
    const sameId = session.length === 1 && session[0] === 'peerId' && this.peerId === this._peer?.id;
    if (!this._peer || (session.length && !sameId)) this.createPeer();
    else if (changed.has('name') || changed.has('discoverable')) this.announce();
  }

  override render() {
    const s = this.state;
    const reason = s === 'failed' && this.failure ? FAILURE_REASONS[this.failure] : undefined;
    const text = reason ? this.i18n.t('failedBecause', { reason: this.i18n.t(reason, { id: this.peerId }) })
      : this.i18n.t(s, { id: this._peer?.id ?? '' });
    return html`<div part="status" role="status"><span class="dot"></span><span>${text}</span></div><slot></slot>`;
  }

  private createPeer(retrying = false): void {
    this.teardown(false, retrying);
    let endpoint;
    try {
      endpoint = parseServer(this.server, location);
    } catch (err) {
      this.setState('failed');
      this.failure = 'invalid-server';
      fire(this, new P2PErrorEvent('invalid-server', (err as Error).message, err));
      return;
    }
    const options = {
      ...endpoint, key: this.key || 'peerjs',
      ...(this.config ? { config: this.config } : {}),
      ...(this.transport ? { transport: this.transport } : {}),
      ...(this.authToken ? { authToken: this.authToken, refreshAuthToken: this.refreshAuthToken && (() => this.refreshAuthToken!()) } : {}),
    };
    let peer: CorePeer;
    // A brokered id belongs to its session: a new session gets a new one.
    const requested = this.peerId && this.peerId !== this.brokeredId ? this.peerId : undefined;
    const reclaiming = !!requested && this.released?.id === requested && Date.now() - this.released.at < RELEASE_GRACE_MS;
    if (!retrying) this.retries = 0;
    try {
      peer = new Peer(requested, options as ConstructorParameters<typeof Peer>[1]) as unknown as CorePeer;
    } catch (err) {
      this.setState('failed');
      const ev = errorEventFrom(err, 'invalid-id');
      this.failure = ev.code;
      fire(this, ev);
      return;
    }
    this._peer = peer;
    this.abort = new AbortController();
    const { signal } = this.abort;
    // A `failed` held back until the error says whether it is our own stale registration.
    let held = false;
    listen(peer, 'open', (id: string) => {
      this.retries = 0;
      if (this.peerId !== id) this.brokeredId = this.peerId = id;
      fire(this, new P2POpenEvent(id));
    }, signal);
    listen(peer, 'state', (state: PeerState) => {
      if (state === 'failed' && reclaiming && this.retries < MAX_RETRIES) {
        held = true; // the core emits `error` right after `failed`
        queueMicrotask(() => { if (held) { held = false; this.setState('failed'); } });
        return;
      }
      this.setState(state);
      if (state === 'open') this.announce();
    }, signal);
    listen(peer, 'error', (err: { type?: string }) => {
      if (held && err?.type === 'unavailable-id') {
        held = false;
        this.retries++;
        this.retryTimer = setTimeout(() => { if (this._peer === peer && this.isConnected) this.createPeer(true); }, 100 * 2 ** this.retries);
        return;
      }
      if (held) { held = false; this.setState('failed'); }
      const ev = errorEventFrom(err);
      if (this.state === 'failed') this.failure = ev.code; // the core emits a fatal error right after `failed`
      fire(this, ev);
    }, signal);
    this.setState(peer.state ?? 'connecting');
    this.announce();
    fire(this, new Event(PEER_CHANGE_EVENT));
  }

  /** Tells the server our presence wishes (merged with what other elements asked for). */
  private announce(): void {
    this._peer?.setPresence?.({ discoverable: this.discoverable, metadata: this.name ? { name: this.name } : {} });
  }

  private teardown(notify = true, keepState = false): void {
    clearTimeout(this.retryTimer);
    const peer = this._peer;
    if (!peer) return;
    this.abort?.abort();
    this._peer = undefined;
    if (peer.id) this.released = { id: peer.id, at: Date.now() };
    peer.destroy();
    if (!keepState) this.setState('closed');
    if (notify) fire(this, new Event(PEER_CHANGE_EVENT));
  }

  private setState(state: PeerState): void {
    const previous = this.state;
    if (state === previous) return;
    this.state = state;
    this.failure = undefined;
    fire(this, new P2PStateChangeEvent<PeerState>(state, previous));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'p2p-peer': P2PPeerElement;
  }
}
