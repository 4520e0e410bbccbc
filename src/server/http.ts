/**
 * HTTP routes under the mount path (PROTOCOL.md §1.1): `{key}/id`, `{key}/peers`, the info document,
 * SkyWay-style `active/list|count/{key}`, and the no-build bundle `p2p-kit.js` (bundle.ts). CORS headers on every answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROTOCOL_VERSION } from '../protocol/index.js';
import type { ResolvedOptions } from './options.js';
import type { Realms } from './realm.js';
import type { Store } from './store.js';
import { iceServersFor } from './turn.js';
import { serveBundle } from './bundle.js';

/** What the routes need from the server. */
export interface HttpContext {
  opts: ResolvedOptions;
  realms: Realms;
  /** Shared state: ids and counts over all nodes. */
  store: Store;
  /** Answer `GET {path}` (off when attached to a server that has its own request handlers). */
  answerRoot: boolean;
  /** True if `id` is registered under `key` with `token` (on any node). */
  registered(key: string, id: string, token: string): boolean | Promise<boolean>;
}

function corsHeaders(req: IncomingMessage, cors: ResolvedOptions['cors']): Record<string, string> {
  if (cors === false) return {};
  if (cors === '*') return { 'Access-Control-Allow-Origin': '*' };
  const origin = req.headers.origin;
  return origin && cors.includes(origin) ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : { Vary: 'Origin' };
}

function reply(req: IncomingMessage, res: ServerResponse, ctx: HttpContext, status: number, body: string, type: string): true {
  res.writeHead(status, {
    ...corsHeaders(req, ctx.opts.cors), 'Content-Type': type, 'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

const json = (req: IncomingMessage, res: ServerResponse, ctx: HttpContext, status: number, value: unknown): true =>
  reply(req, res, ctx, status, JSON.stringify(value), 'application/json; charset=utf-8');

function freshId(ctx: HttpContext): string {
  // Like PeerServer: regenerate while it collides with a connected client (bounded, in case a custom
  // generator keeps returning the same value).
  let id = ctx.opts.generateClientId();
  for (let i = 0; i < 32 && ctx.realms.hasId(id); i++) id = ctx.opts.generateClientId();
  return id;
}

/** Splits `pathname` into route segments below the mount path; undefined when outside it. */
function segments(pathname: string, mount: string): string[] | undefined {
  if (pathname === mount || `${pathname}/` === mount) return [];
  if (!pathname.startsWith(mount)) return undefined;
  try {
    const seg = pathname.slice(mount.length).split('/').map((s) => decodeURIComponent(s));
    if (seg.length > 1 && seg.at(-1) === '') seg.pop(); // `/peerjs/id/` like `/peerjs/id` (Express does the same)
    return seg;
  } catch {
    return undefined;
  }
}

/**
 * `{path}{key}/ice?id=..&token=..`: the ICE servers (with a fresh TURN credential) for a peer that is
 * registered right now with that token, so only connected peers can get relay credentials. Stock
 * PeerJS pages can fetch it too and pass the result as `config.iceServers`.
 */
async function ice(req: IncomingMessage, res: ServerResponse, ctx: HttpContext, key: string, q: URLSearchParams): Promise<true> {
  const id = q.get('id'), token = q.get('token');
  if (!id || !token || !ctx.realms.get(key) || !await ctx.registered(key, id, token)) {
    return json(req, res, ctx, 403, { error: 'id and token must belong to a peer registered right now' });
  }
  return json(req, res, ctx, 200, { iceServers: iceServersFor(ctx.opts, id) });
}

/** Answers our API routes. Resolves false for anything else (static files, the host app, 404). */
export async function handleApi(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const pathname = url.pathname;
  const seg = segments(pathname, ctx.opts.path);
  if (!seg) return false;
  const route = seg.length === 0 ? (ctx.answerRoot ? 'root' : undefined)
    : seg.length === 2 && (seg[1] === 'id' || seg[1] === 'peers' || seg[1] === 'ice') ? seg[1]
      : seg.length === 3 && seg[0] === 'active' && (seg[1] === 'list' || seg[1] === 'count') ? `active-${seg[1]}` : undefined;
  if (!route) return serveBundle(req, res, seg.join('/'), corsHeaders(req, ctx.opts.cors));
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      ...corsHeaders(req, ctx.opts.cors), 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '', 'Access-Control-Max-Age': '600',
    });
    res.end();
    return true;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD, OPTIONS');
    return reply(req, res, ctx, 405, 'Method Not Allowed', 'text/plain; charset=utf-8');
  }
  const { realms, opts } = ctx;
  switch (route) {
    case 'root':
      return json(req, res, ctx, 200, {
        name: 'p2p-kit', description: 'PeerServer-compatible signalling server', version: PROTOCOL_VERSION,
      });
    case 'ice':
      return ice(req, res, ctx, seg[0]!, url.searchParams);
    case 'id':
      // PeerServer doesn't check the key here; neither do we (ids are unique over all keys).
      return reply(req, res, ctx, 200, freshId(ctx), 'text/html');
    case 'peers': case 'active-list': {
      if (!opts.allowDiscovery) return reply(req, res, ctx, 401, 'Unauthorized', 'text/plain; charset=utf-8');
      const key = route === 'peers' ? seg[0]! : seg[2]!;
      return json(req, res, ctx, 200, realms.get(key) ? await ctx.store.ids(key, Date.now()) : []);
    }
    default: {
      if (!opts.allowDiscovery) return reply(req, res, ctx, 401, 'Unauthorized', 'text/plain; charset=utf-8');
      const key = seg[2]!;
      return json(req, res, ctx, 200, { name: 'active_session', count: realms.get(key) ? await ctx.store.count(key, Date.now()) : 0, api_key: key });
    }
  }
}
