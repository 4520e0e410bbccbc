/** Registers `<p2p-peer>`. */
import { P2PPeerElement } from '../components/p2p-peer/p2p-peer.js';

if (!customElements.get('p2p-peer')) customElements.define('p2p-peer', P2PPeerElement);

export { P2PPeerElement };
