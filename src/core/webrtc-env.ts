/**
 * Where the core gets WebRTC and WebSocket outside a browser. In a page both are globals. In Node 20
 * neither is: pass `webrtc` (any W3C-shaped implementation) and `WebSocket` (e.g. `ws`) in the Peer
 * options, or let the core load them lazily — the optional peer dependency `@roamhq/wrtc` for WebRTC,
 * `ws` (a dependency of the server) for the socket. The import specifiers are hidden from bundlers
 * so a browser build never pulls Node packages in. No DOM here.
 */
import { addBufferedAmountLow } from './buffered-low-shim.js';
import { PeerError } from './errors.js';
import type { WebSocketCtor } from './transport.js';

/** The WebRTC classes the core uses; `@roamhq/wrtc`'s default export and `globalThis` in a page fit. */
export interface WebRTCImplementation {
  RTCPeerConnection: new (config?: RTCConfiguration) => RTCPeerConnection;
  RTCSessionDescription?: unknown;
  RTCIceCandidate?: unknown;
  /** Its data channel class: given one without `bufferedamountlow` (wrtc), the core adds the event. */
  RTCDataChannel?: { prototype: object };
  /** Needed only to start or answer calls without a stream of your own. */
  MediaStream?: new (tracks?: MediaStreamTrack[]) => MediaStream;
}

/** The Peer options that choose WebRTC: `RTCPeerConnection` alone (PeerJS-style) wins over `webrtc`. */
export interface WebRTCOptions {
  webrtc?: WebRTCImplementation;
  RTCPeerConnection?: WebRTCImplementation['RTCPeerConnection'];
}

/** The npm package the core loads for WebRTC in Node when none is injected. */
export const NODE_WEBRTC_PACKAGE = '@roamhq/wrtc';

type Importer = (specifier: string) => Promise<unknown>;
// A variable specifier plus @vite-ignore: bundlers leave it alone, Node resolves it at run time.
const importModule: Importer = (specifier) => import(/* @vite-ignore */ specifier);

const isNode = (): boolean => typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

let nodeWebRTC: Promise<WebRTCImplementation> | undefined;

/**
 * The WebRTC implementation for new connections: the injected one, else the globals, else (in Node)
 * `@roamhq/wrtc`, loaded once. Rejects with a `browser-incompatible` PeerError naming the package
 * when there is none.
 */
export function webRTCFor(options: WebRTCOptions = {}, load: Importer = importModule): Promise<WebRTCImplementation> {
  if (options.RTCPeerConnection) return Promise.resolve({ ...options.webrtc, RTCPeerConnection: options.RTCPeerConnection });
  if (options.webrtc) { addBufferedAmountLow(options.webrtc.RTCDataChannel); return Promise.resolve(options.webrtc); }
  const g = globalThis as Partial<WebRTCImplementation>;
  if (typeof g.RTCPeerConnection === 'function') return Promise.resolve(g as WebRTCImplementation);
  if (!isNode()) return Promise.reject(new PeerError('browser-incompatible', 'The current browser does not support WebRTC'));
  if (load !== importModule) return loadNodeWebRTC(load); // tests: no caching
  nodeWebRTC ??= loadNodeWebRTC(load).catch((e: unknown) => { nodeWebRTC = undefined; throw e; });
  return nodeWebRTC;
}

async function loadNodeWebRTC(load: Importer): Promise<WebRTCImplementation> {
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

let nodeSocket: WebSocketCtor | undefined;

/** The WebSocket constructor loaded by {@link prepareNodeWebSocket}, if any. */
export const loadedWebSocket = (): WebSocketCtor | undefined => nodeSocket;

/**
 * In Node without a global WebSocket (Node 20) and none injected, loads `ws` once, so the transport can
 * open its socket synchronously later. Returns `undefined` when there is nothing to do (browsers).
 */
export function prepareNodeWebSocket(injected?: WebSocketCtor, load: Importer = importModule): Promise<void> | undefined {
  if (injected || nodeSocket || (globalThis as { WebSocket?: unknown }).WebSocket || !isNode()) return undefined;
  return load('ws').then((mod) => {
    const m = mod as { default?: WebSocketCtor; WebSocket?: WebSocketCtor };
    nodeSocket = m.WebSocket ?? m.default;
  }, () => undefined); // without it, connecting fails with the transport's own browser-incompatible error
}
