/**
 * Shared pieces for `<p2p-*>` elements. How to build an element on them:
 *
 * ```ts
 * import { LitElement, html, css } from 'lit';
 * import { property } from 'lit/decorators.js';
 * import { hostStyles, PeerController, StringsController, listen, P2PEvent, P2PErrorEvent,
 *   errorEventFrom, type CorePeer, type PeerSource, type StringTable } from '../shared/index.js';
 *
 * const table: StringTable<{ hello: string }> = { en: { hello: 'Hi {name}' }, de: { hello: 'Hallo {name}' } };
 *
 * export class P2PThingElement extends LitElement {
 *   static override styles = [hostStyles, css`...`];       // theme: --p2p-* props, read as --_accent etc.
 *   @property({ attribute: false }) peer?: CorePeer | PeerSource;  // attached object (wins)
 *   @property({ attribute: 'peer' }) peerRef?: string;             // id of a <p2p-peer>
 *   @property({ attribute: false }) strings?: Partial<typeof table.en>;
 *   private readonly peers = new PeerController(this, {
 *     onPeerChange: (peer, signal) => { if (peer) listen(peer, 'connection', (c) => ..., signal); },
 *   });
 *   private readonly i18n = new StringsController(this, table);   // this.i18n.t('hello', { name })
 *   override render() { return html`${this.i18n.t('hello', { name: this.peers.peer?.id ?? '' })}`; }
 * }
 * ```
 *
 * - {@link PeerController}: finds the core `Peer` (attached `peer` property, else `peer="<id>"` of a
 *   `<p2p-peer>`, else the nearest `<p2p-peer>` ancestor via `@lit/context`), re-resolves on change,
 *   calls `onPeerChange(peer, signal, previous)` and re-renders the host. `controller.peer` is current.
 * - {@link listen}: PeerJS-style `.on/.off` subscription that ends when the signal aborts.
 * - {@link hostStyles}: put first in `static styles`; gives `--p2p-*` theming, light/dark, reduced motion,
 *   shared `button`/`input` looks (`button.primary`, `button.danger`) and `.visually-hidden`.
 * - {@link StringsController} / {@link StringTable}: per-element string tables (`en` + `de` at least),
 *   chosen by the nearest `lang`, overridable via the element's `strings` property; `{x}` placeholders.
 * - Events: subclass {@link P2PEvent} (bubbles + composed), readonly fields, a static `eventName`, and
 *   declare the name in `GlobalEventHandlersEventMap`. Dispatch with `fire(this, new X(...))`: an inline
 *   `this.dispatchEvent(new X(arg))` makes the manifest analyzer invent an event named after `arg`
 *   (document events with `@fires`). Errors: `fire(this, new P2PErrorEvent(code, message))` or
 *   `errorEventFrom(coreError)`; reject promises with `P2PError`. `P2PStateChangeEvent<S>` and
 *   `P2PVerificationCodeEvent` are shared: reuse them, don't redeclare.
 */
export * from './core-types.js';
export * from './context.js';
export * from './events.js';
export * from './peer-controller.js';
export * from './strings.js';
export * from './styles.js';
