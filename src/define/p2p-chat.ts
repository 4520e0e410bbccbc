/** Registers `<p2p-chat>`. */
import { P2PChatElement } from '../components/p2p-chat/p2p-chat.js';

if (!customElements.get('p2p-chat')) customElements.define('p2p-chat', P2PChatElement);

export { P2PChatElement };
