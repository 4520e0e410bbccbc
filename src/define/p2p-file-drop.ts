/** Registers `<p2p-file-drop>` (side effect). Import the class from `components/p2p-file-drop/p2p-file-drop.js` to register it yourself. */
import { P2PFileDropElement } from '../components/p2p-file-drop/p2p-file-drop.js';

if (!customElements.get('p2p-file-drop')) customElements.define('p2p-file-drop', P2PFileDropElement);

export { P2PFileDropElement };
