import { createContext } from '@lit/context';
import type { CorePeer } from './core-types.js';

/**
 * What a `<p2p-peer>` provides to its descendants (and what `peer="<id>"` points at): an
 * `EventTarget` (the element itself) holding the current core `Peer`. It dispatches
 * {@link PEER_CHANGE_EVENT} whenever `peer` is replaced (e.g. its `server` attribute changed).
 */
export interface PeerSource extends EventTarget {
  readonly peer: CorePeer | undefined;
}

/** Non-bubbling event a {@link PeerSource} dispatches on itself when its `peer` changes. */
export const PEER_CHANGE_EVENT = 'p2p-peer-change';

/** Context key `<p2p-peer>` provides itself under. */
export const peerContext = createContext<PeerSource | undefined>(Symbol.for('p2p-kit.peer'));
