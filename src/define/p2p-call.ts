/** Registers `<p2p-call>` and the `<p2p-video>` it renders (side effect). */
import './p2p-video.js';
import { P2PCallElement } from '../components/p2p-call/p2p-call.js';

if (!customElements.get('p2p-call')) customElements.define('p2p-call', P2PCallElement);

export { P2PCallElement };
