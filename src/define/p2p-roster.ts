/** Registers `<p2p-roster>`. */
import { P2PRosterElement } from '../components/p2p-roster/p2p-roster.js';

if (!customElements.get('p2p-roster')) customElements.define('p2p-roster', P2PRosterElement);

export { P2PRosterElement };
