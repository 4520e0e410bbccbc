/** Registers `<p2p-video>`. */
import { P2PVideoElement } from '../components/p2p-video/p2p-video.js';

if (!customElements.get('p2p-video')) customElements.define('p2p-video', P2PVideoElement);

export { P2PVideoElement };
