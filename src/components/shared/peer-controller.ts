import { ContextConsumer, ContextRoot } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { PEER_CHANGE_EVENT, peerContext, type PeerSource } from './context.js';
import type { CorePeer } from './core-types.js';

/**
 * An element that talks through a core `Peer`. It declares
 * `@property({ attribute: false }) peer?: CorePeer | PeerSource` (an attached object) and
 * `@property({ attribute: 'peer' }) peerRef?: string` (the id of a `<p2p-peer>`), so changes
 * to either re-render and let the controller re-resolve in `hostUpdate`.
 */
export type PeerHost = ReactiveControllerHost & HTMLElement & { peer?: CorePeer | PeerSource };

export interface PeerControllerOptions {
  /**
   * Called whenever the resolved `Peer` changes (including to `undefined` on disconnect), after
   * `controller.peer` is updated. Subscribe with `listen(peer, name, fn, signal)`: `signal`
   * aborts at the next change or when the host leaves the DOM.
   */
  onPeerChange?(peer: CorePeer | undefined, signal: AbortSignal, previous: CorePeer | undefined): void;
}

let contextRoot: ContextRoot | undefined;

function isSource(x: unknown): x is PeerSource {
  // A <p2p-peer> (or anything like it) rather than a core Peer: it holds a peer, it is not one.
  return typeof x === 'object' && x !== null && 'peer' in x && !('connect' in x) && typeof (x as unknown as EventTarget).addEventListener === 'function';
}

/**
 * Resolves the core `Peer` an element works with, in this order:
 * 1. an object attached to the host's `peer` property (a core `Peer`, or a `<p2p-peer>`);
 * 2. the `peer="<id>"` attribute: the `<p2p-peer>` with that id in the host's tree (waits for it
 *    to appear or upgrade);
 * 3. the nearest `<p2p-peer>` ancestor, through `@lit/context` (also across shadow roots).
 * It re-resolves when the property or attribute changes, when the `<p2p-peer>` swaps its `Peer`,
 * and when the host moves; `controller.peer` is the current one and the host re-renders on change.
 */
export class PeerController implements ReactiveController {
  /** The resolved core `Peer`, or `undefined` while none is found. */
  peer?: CorePeer;
  /** The `<p2p-peer>` (or other source) the peer came from, if any. */
  source?: PeerSource;

  private contextSource?: PeerSource;
  private connected = false;
  private lastAttached?: unknown;
  private lastRef?: string | null;
  private sourceAbort?: AbortController;
  private peerAbort = new AbortController();
  private waitObserver?: MutationObserver;

  constructor(private readonly host: PeerHost, private readonly options: PeerControllerOptions = {}) {
    // Created before addController(this) so its hostConnected (which the provider answers
    // synchronously) runs before ours.
    new ContextConsumer(host, {
      context: peerContext, subscribe: true,
      callback: (value) => {
        this.contextSource = value;
        if (this.connected) this.resolve();
      },
    });
    host.addController(this);
  }

  /** Aborts when the current peer is replaced or the host disconnects. */
  get signal(): AbortSignal {
    return this.peerAbort.signal;
  }

  hostConnected(): void {
    if (!contextRoot) {
      // Lets a <p2p-peer> that upgrades after its children still answer their context requests.
      contextRoot = new ContextRoot();
      contextRoot.attach(document.documentElement);
    }
    this.connected = true;
    this.resolve();
  }

  hostUpdate(): void {
    if (this.host.peer !== this.lastAttached || this.host.getAttribute('peer') !== this.lastRef) this.resolve();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.contextSource = undefined;
    this.stopWaiting();
    this.setSource(undefined);
    this.setPeer(undefined);
  }

  /** Re-runs the resolution (normally automatic). */
  resolve(): void {
    if (!this.connected) return;
    const attached = this.host.peer;
    const ref = this.host.getAttribute('peer');
    this.lastAttached = attached;
    this.lastRef = ref;
    this.stopWaiting();
    if (attached) {
      if (isSource(attached)) this.setSource(attached);
      else { this.setSource(undefined); this.setPeer(attached); }
    } else if (ref) {
      this.setSource(this.findById(ref));
    } else {
      this.setSource(this.contextSource);
    }
  }

  private findById(id: string): PeerSource | undefined {
    const root = this.host.getRootNode() as Document | ShadowRoot;
    const el = root.getElementById?.(id) ?? document.getElementById(id);
    if (el && isSource(el)) return el;
    if (el && el.localName.includes('-') && !customElements.get(el.localName)) {
      void customElements.whenDefined(el.localName).then(() => this.resolve());
    } else {
      // Not in the tree yet: re-resolve when ids or children change, until it shows up.
      this.waitObserver = new MutationObserver(() => {
        const found = root.getElementById?.(id) ?? document.getElementById(id);
        if (found) this.resolve();
      });
      this.waitObserver.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['id'] });
    }
    return undefined;
  }

  private stopWaiting(): void {
    this.waitObserver?.disconnect();
    this.waitObserver = undefined;
  }

  private setSource(source: PeerSource | undefined): void {
    if (source !== this.source) {
      this.sourceAbort?.abort();
      this.sourceAbort = undefined;
      this.source = source;
      if (source) {
        this.sourceAbort = new AbortController();
        source.addEventListener(PEER_CHANGE_EVENT, () => this.setPeer(source.peer), { signal: this.sourceAbort.signal });
      }
    }
    if (source) this.setPeer(source.peer);
    else if (!this.host.peer || isSource(this.host.peer)) this.setPeer(undefined);
  }

  private setPeer(peer: CorePeer | undefined): void {
    if (peer === this.peer) return;
    const previous = this.peer;
    this.peerAbort.abort();
    this.peerAbort = new AbortController();
    this.peer = peer;
    this.options.onPeerChange?.(peer, this.peerAbort.signal, previous);
    this.host.requestUpdate();
  }
}
