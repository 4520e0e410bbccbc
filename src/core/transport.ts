/**
 * How a Peer reaches its signalling server. The default transport is a WebSocket to a PeerServer
 * (`createWebSocketTransport`); `createLoopbackNetwork()` provides an in-page one. Injecting the
 * WebSocket constructor and `fetch` lets the core run in Node (with `ws`) and in tests.
 */
import { AUTH_PARAM, apiUrl, parseIceServers, socketUrl, type Endpoint, type IceServerList, type Json } from '../protocol/index.js';
import { loadedWebSocket } from './webrtc-env.js';
import { PeerError } from './errors.js';

/** Handler type checked bivariantly, so the DOM's `WebSocket` (handlers taking `Event`) fits. */
type Handler<T> = { bivariant(ev: T): void }['bivariant'];

/** The part of the WebSocket API the core uses (text frames only); a DOM or `ws` WebSocket fits. */
export interface SocketLike {
  readonly readyState: number;
  send(text: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number; reason: string }> | null;
  onerror: Handler<unknown> | null;
}

/** A signalling transport: opens sockets for an id+token and answers the two HTTP questions. */
export interface SignalTransport {
  /** Stable name of the server (used to key the stored token), e.g. `ws://127.0.0.1:9000/`. */
  readonly name: string;
  /** Opens a socket registering `id` with `token`. */
  connect(id: string, token: string): SocketLike;
  /** Asks the server for a fresh id (`GET {path}{key}/id`). */
  newId(): Promise<string>;
  /** Ids currently registered (`GET {path}{key}/peers`); rejects when discovery is off. */
  listPeers(): Promise<string[]>;
  /**
   * Fresh ICE servers for a peer registered right now with `id` and `token` (our server's
   * `GET {path}{key}/ice?id=&token=`). Optional: without it, expiring TURN credentials are only
   * renewed by the next OPEN.
   */
  iceServers?(id: string, token: string): Promise<IceServerList>;
}

export type WebSocketCtor = new (url: string) => SocketLike;
export type FetchFn = (url: string, init?: { referrerPolicy?: ReferrerPolicy }) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

export interface WebSocketTransportOptions extends Endpoint {
  /** WebSocket constructor; defaults to `globalThis.WebSocket` (pass `ws` in Node). */
  WebSocket?: WebSocketCtor;
  /** fetch; defaults to `globalThis.fetch`. */
  fetch?: FetchFn;
  referrerPolicy?: ReferrerPolicy;
  /** Sent as `version=` (servers ignore it; informational). */
  version?: string;
  /** The current auth token (JWT) for servers started with auth; sent as `auth=` on each connect. */
  authToken?: () => string | undefined;
}

/** The standard transport: WebSocket + HTTP to a PeerServer-compatible server. */
export function createWebSocketTransport(o: WebSocketTransportOptions): SignalTransport {
  const doFetch = o.fetch ?? (globalThis as { fetch?: FetchFn }).fetch;
  const get = async (method: string, query = ''): Promise<string> => {
    if (!doFetch) throw new PeerError('browser-incompatible', 'No fetch available');
    const url = `${apiUrl(o, method)}?${query}ts=${Date.now()}${Math.random()}`;
    let res;
    try {
      res = await doFetch(url, { referrerPolicy: o.referrerPolicy ?? 'strict-origin-when-cross-origin' });
    } catch (cause) {
      throw new PeerError('server-error', `Could not get ${method} from the server`, { cause });
    }
    if (!res.ok) {
      const hint = res.status === 401 ? ' (discovery is off on this server)' : '';
      throw new PeerError('server-error', `Server answered ${res.status} to ${method}${hint}`);
    }
    return res.text();
  };
  return {
    name: socketUrl(o, '', '').replace(/\?.*$/, '') + `#${o.key}`,
    connect(id, token) {
      // Looked up per connect: in Node the core loads `ws` after the transport was made (webrtc-env).
      const WS = o.WebSocket ?? (globalThis as { WebSocket?: WebSocketCtor }).WebSocket ?? loadedWebSocket();
      if (!WS) throw new PeerError('browser-incompatible', 'No WebSocket available');
      const auth = o.authToken?.();
      return new WS(socketUrl(o, id, token, o.version) + (auth ? `&${AUTH_PARAM}=${encodeURIComponent(auth)}` : ''));
    },
    newId: async () => (await get('id')).trim(),
    async listPeers() {
      const text = await get('peers');
      const ids: unknown = JSON.parse(text);
      return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
    },
    async iceServers(id, token) {
      const body = JSON.parse(await get('ice', `${new URLSearchParams({ id, token })}&`)) as Json;
      const list = parseIceServers(body && typeof body === 'object' && !Array.isArray(body) ? body.iceServers : undefined);
      if (!list) throw new PeerError('server-error', 'The server sent no iceServers');
      return list;
    },
  };
}
