/** URL layout shared by server routing and the client (PROTOCOL.md §1.1). */

/** Normalises a mount path to start and end with `/`. */
export function normalizePath(path = '/'): string {
  let p = path.startsWith('/') ? path : `/${path}`;
  if (!p.endsWith('/')) p += '/';
  return p;
}

/** Pathname of the WebSocket endpoint: `{path}peerjs`. */
export function socketPath(path = '/'): string {
  return `${normalizePath(path)}peerjs`;
}

export interface Endpoint { secure: boolean; host: string; port: number; path: string; key: string }

function hostPort(e: Endpoint): string {
  const host = e.host.includes(':') && !e.host.startsWith('[') ? `[${e.host}]` : e.host;
  return `${host}:${e.port}`;
}

/**
 * Query parameter by which a p2p-kit client announces itself on the WebSocket URL (`&kit=1`). Stock
 * PeerServer reads only `id`, `token` and `key`, so it ignores it; our server sends `P2PKIT-*` frames
 * that are not asked for (rejections) only to sockets that carry it.
 */
export const KIT_PARAM = 'kit';
/** Extension version a p2p-kit client puts in {@link KIT_PARAM}. */
export const KIT_PARAM_VERSION = '1';

/** True when a WebSocket URL's query announces a p2p-kit client (`kit` is a positive integer). */
export function isKitClient(query: URLSearchParams): boolean {
  return /^[1-9][0-9]{0,3}$/.test(query.get(KIT_PARAM) ?? '');
}

/**
 * `ws(s)://host:port{path}peerjs?key=..&id=..&token=..[&version=..]&kit=1` (values encoded; PeerJS
 * doesn't need to). The trailing `kit=1` marks a p2p-kit client (see {@link KIT_PARAM}).
 */
export function socketUrl(e: Endpoint, id: string, token: string, version?: string): string {
  const q = new URLSearchParams({ key: e.key, id, token });
  if (version) q.set('version', version);
  q.set(KIT_PARAM, KIT_PARAM_VERSION);
  return `${e.secure ? 'wss' : 'ws'}://${hostPort(e)}${socketPath(e.path)}?${q}`;
}

/** `http(s)://host:port{path}{key}/{method}`, e.g. `id` or `peers`. */
export function apiUrl(e: Endpoint, method: string): string {
  return `${e.secure ? 'https' : 'http'}://${hostPort(e)}${normalizePath(e.path)}${encodeURIComponent(e.key)}/${method}`;
}

/** Extra HTTP endpoints of our server, relative to the mount path. */
export const ExtraRoutes = {
  /** SkyWay-style list of active ids (discovery on): `{path}active/list/{key}`. */
  activeList: (key: string) => `active/list/${encodeURIComponent(key)}`,
  /** SkyWay-style count: `{"name":"active_session","count":N,"api_key":KEY}`. */
  activeCount: (key: string) => `active/count/${encodeURIComponent(key)}`,
} as const;
