import { LitElement, html, nothing } from 'lit';
import { property, query } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import {
  P2PError, P2PErrorEvent, PeerController, fire, StringsController, langOf, type CorePeer, type P2PErrorCode, type PeerSource,
} from '../shared/index.js';
import { FileLinks } from '../../sessions/files/links.js';
import { checkFile } from '../../sessions/files/protocol.js';
import { OpfsStore } from './opfs-store.js';
import type { FileSessionHooks } from '../../sessions/files/session.js';
import { FINAL_STATES, type Transfer } from '../../sessions/files/transfer.js';
import {
  P2PFileOfferEvent, P2PFileProgressEvent, P2PFileReceivedEvent, P2PFileSentEvent, P2PTransferChangeEvent,
} from './p2p-file-drop.events.js';
import { fileDropStrings, formatBytes, formatDuration, type FileDropStrings } from './p2p-file-drop.strings.js';
import { styles } from './p2p-file-drop.styles.js';

/** The page's OPFS store, shared by all file-drop elements (null: not available; undefined: not yet known). */
let store: OpfsStore | null | undefined;
let storeRequested = false;

const FAILURE_CODES: Record<string, P2PErrorCode> = {
  'hash-mismatch': 'integrity', protocol: 'integrity', 'read-failed': 'send-failed', 'write-failed': 'unknown',
  'connection-lost': 'disconnected', unreachable: 'peer-unavailable',
};

/**
 * Peer-to-peer file transfer: drop files (or pick them) to offer them to `remote`; the other side
 * accepts or declines before any byte flows. Files stream in 64 KiB chunks with backpressure, one
 * at a time, SHA-256 verified on arrival, and resume after a dropped connection.
 *
 * Receiving needs no `remote`: the element takes offers from any peer unless `remote` is set, then
 * only from that peer.
 *
 * @tagname p2p-file-drop
 * @summary Drop zone + progress list for sending and receiving files over a data channel.
 * @fires {P2PFileOfferEvent} p2p-file-offer - Cancelable. A file is offered (`offer`, `accept()`, `decline()`); `preventDefault()` declines.
 * @fires {P2PFileProgressEvent} p2p-file-progress - Bytes moved (`transfer`).
 * @fires {P2PTransferChangeEvent} p2p-transfer-change - A transfer changed state (`transfer`, `state`, `previous`).
 * @fires {P2PFileReceivedEvent} p2p-file-received - A file arrived and verified (`file`, `sha256`, `from`, `transfer`).
 * @fires {P2PFileSentEvent} p2p-file-sent - The receiver verified a file we sent (`transfer`, `sha256`, `to`).
 * @fires {P2PErrorEvent} p2p-error - `no-peer`, `no-remote`, `too-large`, `not-accepted`, `integrity`, `send-failed`, `disconnected`, `peer-unavailable`.
 * @csspart drop-zone - The drop target, with the file button.
 * @csspart offers - The list of offers waiting for a decision.
 * @csspart transfers - The list of transfers.
 * @csspart progress - Each transfer's `<progress>`.
 * @cssprop --p2p-file-drop-zone-min-height - Minimum height of the drop zone (default 6rem).
 * @cssprop --p2p-file-drop-dragging-color - Drop-zone highlight while files are dragged over it.
 */
export class P2PFileDropElement extends LitElement {
  static override styles = styles;

  /** The peer to send files to (a peer id). Also limits incoming offers to that peer. */
  @property({ reflect: true }) remote?: string;
  /** Display name of `remote` in the texts ("To Bob · 3 MB"; default: its id). Always shown as text. */
  @property({ attribute: 'remote-name' }) remoteName = '';
  /** Core `Peer` or `<p2p-peer>` to use (wins over `peer="id"` and the enclosing `<p2p-peer>`). */
  @property({ attribute: false }) peer?: CorePeer | PeerSource;
  /** Id of the `<p2p-peer>` to use. */
  @property({ attribute: 'peer' }) peerRef?: string;
  /** Accept every offer at once, without asking. */
  @property({ type: Boolean, attribute: 'auto-accept' }) autoAccept = false;
  /** Largest file, in bytes, this element sends or accepts (larger offers are declined as `too-large`). */
  @property({ type: Number, attribute: 'max-size' }) maxSize?: number;
  /**
   * Allowed files, as for `<input type=file accept>` (`.pdf`, `image/*`); others are refused both ways.
   * Attribute `accept`; the property has another name because `accept(id)` is the verb.
   */
  @property({ attribute: 'accept' }) acceptTypes?: string;
  /**
   * Keep received files in the browser's blob store instead of writing them to disk (the
   * origin-private file system, used where available).
   */
  @property({ type: Boolean, attribute: 'in-memory' }) inMemory = false;
  /** Turns the drop zone and picker off (receiving still works). */
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** Overrides for UI strings. */
  @property({ attribute: false }) strings?: Partial<FileDropStrings>;
  /** Reflected: files are being dragged over the drop zone. */
  @property({ type: Boolean, reflect: true }) dragging = false;
  /** Reflected: some transfer is not finished. */
  @property({ type: Boolean, reflect: true }) busy = false;

  @query('input[type=file]') private input?: HTMLInputElement;

  private readonly i18n = new StringsController<FileDropStrings>(this, fileDropStrings);
  private readonly links = new FileLinks((remote) => this.hooks(remote), (from) => !this.remote || from === this.remote,
    (id) => (this.inMemory ? undefined : store?.sink(id)));
  private readonly peers = new PeerController(this, { onPeerChange: (peer, signal) => this.links.setPeer(peer, signal) });
  private readonly list: Transfer[] = [];
  private readonly files = new Map<string, { file: File; url?: string }>();
  private readonly waiters = new Map<string, () => void>();
  private frame = 0;

  /** Every transfer of this element, both directions, in arrival order. */
  get transfers(): readonly Transfer[] { return this.list; }

  /**
   * Offers `files` to `remote`. Resolves once every file reached a final state (`done`, `declined`,
   * `cancelled`, `failed`: read `transfer.state`); files refused by `max-size`/`accept` are left out
   * with a `p2p-error`. Rejects with a `P2PError` (`no-remote`, `no-peer`).
   */
  async send(files: Iterable<File> | ArrayLike<File> | File): Promise<Transfer[]> {
    const remote = this.remote;
    if (!remote) throw this.fail('no-remote', this.i18n.t('noRemote'));
    if (!this.peers.peer) throw this.fail('no-peer', 'No peer: put the element in a <p2p-peer> or set peer');
    const session = this.links.session(remote);
    const out: Transfer[] = [];
    for (const f of files instanceof File ? [files] : Array.from(files as ArrayLike<File>)) {
      const refused = checkFile(f, this.limits);
      if (refused) { this.fail(refused === 'too-large' ? 'too-large' : 'not-accepted', `${f.name}: ${refused}`); continue; }
      out.push(session.send(f));
    }
    this.links.dial(remote);
    await Promise.all(out.map((t) => FINAL_STATES.has(t.state) ? undefined : new Promise<void>((r) => this.waiters.set(t.id, r))));
    return out;
  }

  /** Accepts the offer `id` (no-op unless it is waiting for a decision). */
  accept(id: string): void { this.sessionOf(id)?.accept(id); }

  /** Declines the offer `id` (no-op unless it is waiting for a decision). */
  decline(id: string): void { this.sessionOf(id)?.decline(id); }

  /** Cancels transfer `id`, in either direction; the other side is told. */
  cancel(id: string): void { this.sessionOf(id)?.cancel(id); }

  override connectedCallback(): void {
    super.connectedCallback();
    // Ready long before the first offer is accepted; until then files go to the blob store.
    if (!storeRequested) { storeRequested = true; void OpfsStore.create().then((s) => { store = s; }); }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A DOM move is disconnect + connect in one task: only an element that stays out lets go.
    queueMicrotask(() => { if (!this.isConnected) this.release(); });
  }

  /** Cancels every transfer, closes the connections and frees received files' URLs. */
  private release(): void {
    this.links.close();
    for (const f of this.files.values()) if (f.url) URL.revokeObjectURL(f.url);
    this.files.clear();
    this.list.length = 0;
    for (const w of this.waiters.values()) w();
    this.waiters.clear();
    this.busy = false;
  }

  private get limits() { return { maxSize: this.maxSize, accept: this.acceptTypes }; }

  private sessionOf(id: string) {
    const t = this.list.find((x) => x.id === id);
    return t ? this.links.session(t.remote) : undefined;
  }

  private fail(code: P2PErrorCode, message: string): P2PError {
    fire(this, new P2PErrorEvent(code, message));
    return new P2PError(code, message);
  }

  private hooks(remote: string): FileSessionHooks {
    const session = () => this.links.session(remote);
    return {
      offer: (t) => {
        const refused = checkFile(t, this.limits);
        if (refused) { session().decline(t.id, refused); return; }
        const ev = new P2PFileOfferEvent({ id: t.id, name: t.name, size: t.size, type: t.type, from: remote },
          (ok) => ok ? session().accept(t.id) : session().decline(t.id));
        fire(this, ev);
        if (ev.decided) return;
        if (ev.defaultPrevented) session().decline(t.id);
        else if (this.autoAccept) session().accept(t.id);
        // Otherwise the offer stays `offered` and render() shows accept/decline buttons.
      },
      change: (t, previous) => {
        if (!this.list.includes(t)) this.list.push(t);
        this.busy = this.list.some((x) => !FINAL_STATES.has(x.state));
        if (previous === t.state) {
          // Progress comes per 64 KiB chunk: repaint at most once a frame, not once a chunk.
          if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = 0; this.requestUpdate(); });
          fire(this, new P2PFileProgressEvent(t));
          return;
        }
        this.requestUpdate();
        fire(this, new P2PTransferChangeEvent(t, t.state, previous));
        if (t.state === 'done' && t.flow === 'out') fire(this, new P2PFileSentEvent(t, t.sha256 ?? '', remote));
        if (t.state === 'failed') this.fail(FAILURE_CODES[t.reason ?? ''] ?? 'unknown', `${t.name}: ${t.reason}`);
        if (FINAL_STATES.has(t.state)) { this.waiters.get(t.id)?.(); this.waiters.delete(t.id); }
      },
      received: (t, file) => {
        this.files.set(t.id, { file });
        fire(this, new P2PFileReceivedEvent(file, t.sha256 ?? '', remote, t));
      },
    };
  }

  private onDrag(e: DragEvent): void {
    if (this.disabled || !e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    this.dragging = e.type !== 'dragleave';
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.dragging = false;
    if (!this.disabled && e.dataTransfer?.files.length) void this.send(e.dataTransfer.files).catch(() => {});
  }

  private onPick(): void {
    const files = this.input?.files;
    if (files?.length) void this.send(Array.from(files)).catch(() => {});
    if (this.input) this.input.value = '';
  }

  private saveUrl(id: string): string | undefined {
    const entry = this.files.get(id);
    if (entry && !entry.url) entry.url = URL.createObjectURL(entry.file);
    return entry?.url;
  }

  override render() {
    const s = this.i18n.value;
    const t = this.i18n.t.bind(this.i18n);
    const lang = langOf(this) || 'en';
    const offers = this.list.filter((x) => x.flow === 'in' && x.state === 'offered');
    return html`
      <div part="drop-zone" class="drop-zone" role="group" aria-label=${t('dropZoneLabel', { remote: this.nameOf(this.remote ?? '') })}
        @dragenter=${this.onDrag} @dragover=${this.onDrag} @dragleave=${this.onDrag} @drop=${this.onDrop}>
        <span>${s.dropHere}</span>
        <button type="button" ?disabled=${this.disabled || !this.remote} @click=${() => this.input?.click()}>${s.choose}</button>
        <input type="file" multiple hidden accept=${this.acceptTypes ?? nothing} @change=${this.onPick} aria-hidden="true" tabindex="-1">
      </div>
      ${offers.length ? html`<ul part="offers" class="offers" aria-live="polite">${repeat(offers, (o) => o.id, (o) => html`
        <li>
          <span class="text">${t('incomingOffer', { from: this.nameOf(o.remote), name: o.name, size: formatBytes(o.size, lang) })}</span>
          <button type="button" class="primary" @click=${() => this.accept(o.id)}>${s.accept}</button>
          <button type="button" @click=${() => this.decline(o.id)}>${s.decline}</button>
        </li>`)}</ul>` : nothing}
      ${this.list.length ? html`<ul part="transfers" class="transfers" aria-label=${s.transfers}>
        ${repeat(this.list, (x) => x.id, (x) => this.renderTransfer(x, lang))}</ul>` : nothing}`;
  }

  /** `remote-name` for `remote`, the id for anyone else. */
  private nameOf(id: string): string { return this.remoteName && id === this.remote ? this.remoteName : id; }

  private renderTransfer(x: Transfer, lang: string) {
    const s = this.i18n.value;
    const t = this.i18n.t.bind(this.i18n);
    const percent = x.size ? Math.floor((x.bytes / x.size) * 100) : x.state === 'done' ? 100 : 0;
    const url = x.state === 'done' && x.flow === 'in' ? this.saveUrl(x.id) : undefined;
    return html`<li class="transfer" data-state=${x.state} data-direction=${x.direction}>
      <div class="row">
        <span class="name" title=${x.name}>${x.name}</span>
        <span class="meta">${t(x.flow === 'out' ? 'sending' : 'receiving', { remote: this.nameOf(x.remote) })} · ${formatBytes(x.size, lang)}</span>
      </div>
      <progress part="progress" max=${x.size || 1} .value=${x.size ? x.bytes : percent / 100}
        aria-label=${t('progressLabel', { name: x.name, percent })}></progress>
      <div class="row">
        <!-- Only the state is announced; speed and time left change every frame and would chatter. -->
        <span class="status"><span aria-live="polite">${s[x.state]}</span>${x.state === 'transferring'
          ? html` · ${t('speedEta', { speed: formatBytes(x.bytesPerSecond, lang), eta: x.eta == null ? s.etaUnknown : formatDuration(x.eta) })}`
          : nothing}</span>
        ${url ? html`<a class="p2p-button" href=${url} download=${x.name}>${s.save}</a>` : nothing}
        ${FINAL_STATES.has(x.state) || x.state === 'offered' && x.flow === 'in' ? nothing
          : html`<button type="button" class="danger" @click=${() => this.cancel(x.id)}>${s.cancel}</button>`}
      </div>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'p2p-file-drop': P2PFileDropElement }
}
