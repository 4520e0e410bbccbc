import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { PeerSource } from '../shared/context.js';
import { listen, type CorePeer, type PresenceEntry } from '../shared/core-types.js';
import { fire } from '../shared/events.js';
import { PeerController } from '../shared/peer-controller.js';
import { StringsController } from '../shared/strings.js';
import { P2PSelectEvent, type RosterAction } from './p2p-roster.events.js';
import { rosterStrings, type RosterStrings } from './p2p-roster.strings.js';
import { rosterStyles } from './p2p-roster.styles.js';
import { parseActions, rosterEntries, type RosterEntry } from './roster-model.js';

/**
 * The live list of discoverable peers on the same server and key (p2p-kit presence; a stock
 * PeerServer has none, so the list stays empty). Shows display names (ids on hover and for
 * assistive tech), never itself, and per peer a button for each of `actions`, which fire
 * `p2p-select`. Subscribing to presence does not make this peer discoverable: that is
 * `<p2p-peer discoverable>`.
 *
 * @tagname p2p-roster
 * @summary Who is online, with call / chat / send-file buttons.
 * @fires {P2PSelectEvent} p2p-select - A peer's action button was pressed (`peerId`, `action`, `name`).
 * @csspart list - The `<ul>` of peers.
 * @csspart peer - One row.
 * @csspart name - A peer's display name.
 * @csspart actions - The buttons of one row.
 * @csspart empty - The "no one else is online" text.
 * @cssprop --p2p-roster-avatar-background - Background of the initial letter badge.
 * @cssprop --p2p-color-accent - Accent (buttons, focus ring); shared by all p2p elements.
 * @cssprop --p2p-color-text - Text color (shared).
 * @cssprop --p2p-color-surface - Panel background (shared).
 * @cssprop --p2p-color-border - Border color (shared).
 * @cssprop --p2p-radius - Corner radius (shared).
 * @cssprop --p2p-font-family - Font (shared).
 */
export class P2PRosterElement extends LitElement {
  static override styles = rosterStyles;

  /** A core `Peer` or `<p2p-peer>` to use (else `peer="<id>"`, else the enclosing `<p2p-peer>`). */
  @property({ attribute: false }) peer?: CorePeer | PeerSource;
  /** Id of the `<p2p-peer>` element to use. */
  @property({ attribute: 'peer' }) peerRef?: string;
  /** Buttons per peer, space-separated from `call chat file`. */
  @property() actions = 'call chat file';
  /** Number of peers listed; written by the element. */
  @property({ type: Number, reflect: true }) count = 0;
  /** Overrides for the UI strings. */
  @property({ attribute: false }) strings?: Partial<RosterStrings>;

  @state() private entries: RosterEntry[] = [];
  private readonly i18n = new StringsController<RosterStrings>(this, rosterStrings);
  private readonly peers = new PeerController(this, {
    onPeerChange: (peer, signal) => {
      this.refresh();
      if (!peer) return;
      listen(peer, 'presence', () => this.refresh(), signal);
      // Our own id arrives with `open` (brokered ids); presence must not list ourselves.
      listen(peer, 'open', () => this.refresh(), signal);
      listen(peer, 'state', (s: string) => { if (s === 'open') peer.setPresence?.({ subscribe: true }); }, signal);
      peer.setPresence?.({ subscribe: true });
    },
  });

  /** The peers currently listed (id + display name), sorted. */
  get list(): RosterEntry[] {
    return [...this.entries];
  }

  override render() {
    const t = this.i18n;
    const actions = parseActions(this.actions);
    if (!this.entries.length) {
      return html`<p part="empty" role="status">${this.peers.peer ? t.t('empty') : t.t('offline')}</p>`;
    }
    return html`<ul part="list" aria-label=${t.t('label')}>
      ${repeat(this.entries, (e) => e.id, (e) => {
        const shown = e.name || e.id;
        return html`<li part="peer" data-peer-id=${e.id}>
          <span class="avatar" aria-hidden="true">${[...shown][0]?.toUpperCase() ?? '?'}</span>
          <span part="name" class="name" title=${e.id}>${shown}${e.name ? html`<span class="visually-hidden"> (${e.id})</span>` : nothing}</span>
          ${actions.length ? html`<span part="actions">${actions.map((a) => html`<button type="button" data-action=${a}
              @click=${() => this.select(e, a)}>${t.t(a)}<span class="visually-hidden"> ${shown}</span></button>`)}</span>` : nothing}
        </li>`;
      })}
    </ul>`;
  }

  private refresh(): void {
    const peer = this.peers.peer;
    const presence: readonly PresenceEntry[] | undefined = peer?.presence;
    this.entries = rosterEntries(presence, peer?.id);
    this.count = this.entries.length;
  }

  private select(e: RosterEntry, action: RosterAction): void {
    fire(this, new P2PSelectEvent(e.id, action, e.name));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'p2p-roster': P2PRosterElement;
  }
}
