/** Peer options (PeerJS's, plus p2p-kit's) and how their defaults are resolved. */
import type { Clock } from './clock.js';
import type { ReconnectOptions } from './signalling.js';
import { createWebSocketTransport, type FetchFn, type SignalTransport, type WebSocketCtor } from './transport.js';
import type { WebRTCImplementation } from './webrtc-env.js';

export interface PeerOptions {
  /** Signalling server host. Default: the page's hostname (PeerJS defaults to its cloud). `'/'` also means the page's host. */
  host?: string;
  /** Default: the page's port (or 443/80). */
  port?: number;
  /** Mount path of the server (default `/`). */
  path?: string;
  /** API key (default `peerjs`). */
  key?: string;
  /** Use wss/https. Default: the page is https. */
  secure?: boolean;
  /**
   * RTCConfiguration for every connection. Default: `{ iceServers: [] }` (host candidates only; no
   * third-party STUN/TURN), or the `iceServers` our server announces in OPEN.
   */
  config?: RTCConfiguration;
  /** Signalling token. Default: kept in sessionStorage per id, else random. */
  token?: string;
  /**
   * Signed token (JWT from your backend) for a server started with auth; its `sub` is the id used
   * when no id is given. Sent on every (re)connect.
   */
  authToken?: string;
  /** Returns a fresh `authToken`; called when 80% of the token's lifetime has passed, and when the server says it expired. */
  refreshAuthToken?: () => string | Promise<string>;
  /** PeerJS log level 0–3 (accepted; the core logs nothing by itself). */
  debug?: number;
  /** Heartbeat period in ms (default 5000). */
  pingInterval?: number;
  referrerPolicy?: ReferrerPolicy;
  /** Automatic signalling reconnection (default on, backoff 250 ms → 5 s); `false` behaves like PeerJS. */
  reconnect?: ReconnectOptions | false;
  /** Default `maxMessageSize` of new DataConnections (bytes, default 1 GiB). */
  maxMessageSize?: number;
  /** Signalling transport to use instead of WebSocket+HTTP (e.g. `createLoopbackNetwork().transport()`). */
  transport?: SignalTransport;
  /** Injection points for non-browser hosts and tests. In Node 20 without it, `ws` is loaded lazily. */
  WebSocket?: WebSocketCtor;
  fetch?: FetchFn;
  RTCPeerConnection?: new (config?: RTCConfiguration) => RTCPeerConnection;
  /** WebRTC for hosts without it (Node): e.g. `(await import('@roamhq/wrtc')).default`; loaded lazily when missing. */
  webrtc?: WebRTCImplementation;
  clock?: Clock;
}

/** Version string sent as `version=` on the socket URL. */
export const CORE_VERSION = '0.1.0';

/** Builds the transport from the options (or returns the injected one). */
export function transportFor(o: PeerOptions, authToken?: () => string | undefined): SignalTransport {
  if (o.transport) return o.transport;
  const loc = (globalThis as { location?: { hostname: string; port: string; protocol: string } }).location;
  const secure = o.secure ?? loc?.protocol === 'https:';
  const host = !o.host || o.host === '/' ? loc?.hostname ?? '127.0.0.1' : o.host;
  const port = o.port ?? (loc?.port ? Number(loc.port) : secure ? 443 : 80);
  return createWebSocketTransport({
    host, port, secure, path: o.path ?? '/', key: o.key ?? 'peerjs',
    WebSocket: o.WebSocket, fetch: o.fetch, referrerPolicy: o.referrerPolicy, version: CORE_VERSION, authToken,
  });
}
