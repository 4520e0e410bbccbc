/**
 * Where the core gets WebRTC and WebSocket outside a browser. In a page both are globals. In Node 20
 * neither is: pass `webrtc` (any W3C-shaped implementation) and `WebSocket` (e.g. `ws`) in the Peer
 * options, or let the core load them lazily — the optional peer dependency `@roamhq/wrtc` for WebRTC,
 * `ws` (a dependency of the server) for the socket. That loading lives in node-env.ts, imported only
 * in Node, with specifiers hidden from bundlers so browser builds stay as small as before. No DOM here.
 */
import { PeerError } from './errors.js';
import type { WebSocketCtor } from './transport.js';
import { preloadMsgPack } from './serializers/index.js';

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

export type Importer = (specifier: string) => Promise<unknown>;
// Variable specifiers plus @vite-ignore: bundlers leave them alone, Node resolves them at run time.
const importModule: Importer = (specifier) => import(/* @vite-ignore */ specifier);
const NODE_ENV = './node-env.js';
const nodeEnv = () => import(/* @vite-ignore */ NODE_ENV) as Promise<typeof import('./node-env.js')>;

const isNode = (): boolean => typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

let nodeWebRTC: Promise<WebRTCImplementation> | undefined;

/**
 * The WebRTC implementation for new connections: the injected one, else the globals, else (in Node)
 * `@roamhq/wrtc`, loaded once. Rejects with a `browser-incompatible` PeerError naming the package
 * when there is none.
 */
export async function webRTCFor(options: WebRTCOptions = {}, load: Importer = importModule): Promise<WebRTCImplementation> {
  if (options.RTCPeerConnection) return { ...options.webrtc, RTCPeerConnection: options.RTCPeerConnection };
  if (options.webrtc) {
    if (isNode()) (await nodeEnv()).addBufferedAmountLow(options.webrtc.RTCDataChannel);
    return options.webrtc;
  }
  const g = globalThis as Partial<WebRTCImplementation>;
  if (typeof g.RTCPeerConnection === 'function') return g as WebRTCImplementation;
  if (!isNode()) throw new PeerError('browser-incompatible', 'The current browser does not support WebRTC');
  if (load !== importModule) return (await nodeEnv()).loadNodeWebRTC(load); // tests: no caching
  nodeWebRTC ??= nodeEnv().then((m) => m.loadNodeWebRTC(load)).catch((e: unknown) => { nodeWebRTC = undefined; throw e; });
  return nodeWebRTC;
}

let nodeSocket: WebSocketCtor | undefined;

/** The WebSocket constructor loaded by {@link prepareNodeWebSocket}, if any. */
export const loadedWebSocket = (): WebSocketCtor | undefined => nodeSocket;

/**
 * In Node without a global WebSocket (Node 20) and none injected, loads `ws` once, so the transport can
 * open its socket synchronously later. Returns `undefined` when there is nothing to do (browsers).
 */
export function prepareNodeWebSocket(injected?: WebSocketCtor): Promise<void> | undefined {
  if (injected || nodeSocket || (globalThis as { WebSocket?: unknown }).WebSocket || !isNode()) return undefined;
  return nodeEnv().then((m) => m.loadWebSocket(importModule)).then((ws) => { nodeSocket = ws; });
}

let warmed = false;

/**
 * Once per page, in a task of its own after the first Peer registered, does what the first
 * connection would otherwise wait for (measured with bench/profile.ts, Chromium 156: 48.9 against
 * 71.7 ms for the first `connect()` in a page): builds and drops one RTCPeerConnection, whose first
 * construction starts the browser's WebRTC machinery (5–20 ms of main thread; PeerJS pays it while
 * its module loads), and fetches the MsgPack serializer chunk (the default; the callee's first
 * setRemoteDescription waited for it to load and compile). Browsers and the global WebRTC only.
 */
export function warmUp(options: WebRTCOptions = {}): void {
  if (warmed || isNode() || options.RTCPeerConnection || options.webrtc) return;
  const PC = (globalThis as Partial<WebRTCImplementation>).RTCPeerConnection;
  if (typeof PC !== 'function') return;
  warmed = true;
  setTimeout(() => {
    try { new PC({ iceServers: [] }).close(); } catch { /* a browser refusing it just stays cold */ }
    preloadMsgPack().catch(() => undefined); // a failure is reported by the connection that needs it
  }, 0);
}
