/**
 * The Node-only half of webrtc-env: loading `@roamhq/wrtc` (and fixing its data channels) and `ws`.
 * webrtc-env imports this lazily, only in Node, so browser bundles never carry it.
 */
import { addBufferedAmountLow } from './buffered-low-shim.js';
import { PeerError } from './errors.js';
import type { WebSocketCtor } from './transport.js';
import { NODE_WEBRTC_PACKAGE, type Importer, type WebRTCImplementation } from './webrtc-env.js';

export { addBufferedAmountLow };

export async function loadNodeWebRTC(load: Importer): Promise<WebRTCImplementation> {
  let mod: { default?: unknown } & Record<string, unknown>;
  try {
    mod = await load(NODE_WEBRTC_PACKAGE) as typeof mod;
  } catch (cause) {
    throw new PeerError('browser-incompatible',
      `WebRTC in Node needs the optional package ${NODE_WEBRTC_PACKAGE} (npm install ${NODE_WEBRTC_PACKAGE}), or pass the Peer option \`webrtc\``, { cause });
  }
  const impl = (mod.default ?? mod) as Partial<WebRTCImplementation>;
  if (typeof impl.RTCPeerConnection !== 'function') {
    throw new PeerError('browser-incompatible', `${NODE_WEBRTC_PACKAGE} has no RTCPeerConnection`);
  }
  addBufferedAmountLow(impl.RTCDataChannel);
  return impl as WebRTCImplementation;
}

export async function loadWebSocket(load: Importer): Promise<WebSocketCtor | undefined> {
  // Without it, connecting fails with the transport's own browser-incompatible error.
  const m = await load('ws').catch(() => undefined) as { default?: WebSocketCtor; WebSocket?: WebSocketCtor } | undefined;
  return m?.WebSocket ?? m?.default;
}
