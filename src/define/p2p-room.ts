/** Registers `<p2p-room>` (and the `<p2p-video>` its tiles use). */
import './p2p-video.js';
import { P2PRoomElement } from '../components/p2p-room/p2p-room.js';

if (!customElements.get('p2p-room')) customElements.define('p2p-room', P2PRoomElement);

export { P2PRoomElement };
