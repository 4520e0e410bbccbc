/**
 * Signed peer ids (p2p-kit extension): the app's backend mints a JWT whose `sub` is the peer id;
 * a server started with auth grants an id only to a socket that presents a valid one.
 */

/** Query parameter of the WebSocket URL that carries the JWT (`…/peerjs?key=&id=&token=&auth=`). */
export const AUTH_PARAM = 'auth';

/** Longest JWT accepted, in characters (a token with many room grants stays far below). */
export const MAX_AUTH_TOKEN_LENGTH = 8192;

/**
 * Why a registration was refused for its token: the `ERROR` text a p2p-kit client gets before the
 * socket closes with 1008 (a stock PeerJS client gets PeerServer's `ID-TAKEN` instead).
 */
export const AuthText = {
  /** The server requires a token and none came. */
  Required: 'Auth token required',
  /** Malformed, bad signature, wrong algorithm, unknown signing key, or refused by the verify hook. */
  Invalid: 'Auth token invalid',
  /** `exp` is in the past (or `nbf` in the future). */
  Expired: 'Auth token expired',
  /** `sub` is not the id being registered. */
  OtherPeer: 'Auth token is for another peer',
  /** The `key` claim names another realm. */
  OtherRealm: 'Auth token is for another realm',
} as const;

export type AuthRefusal = keyof typeof AuthText;

/** True if an `ERROR` text is one of {@link AuthText}. */
export function isAuthText(msg: string): boolean {
  return (Object.values(AuthText) as string[]).includes(msg);
}

/**
 * What a token may do, in its `grants` claim. An omitted grant allows; the server enforces
 * `discoverable`, `list` and `connect`, and `rooms` through {@link grantMatches}.
 */
export interface AuthGrants {
  /** May appear in presence (`discoverable: true`). */
  discoverable?: boolean;
  /** May subscribe to presence (see who is discoverable). */
  list?: boolean;
  /** Peer ids (`*` wildcards) it may send an `OFFER` to, i.e. call or connect. */
  connect?: string[];
  /** Room names (`*` wildcards) it may join. */
  rooms?: string[];
}

/** The claims a p2p-kit token carries (standard `sub` and `exp`, plus `key` and `grants`). */
export interface AuthClaims {
  sub: string;
  exp: number;
  key?: string;
  grants?: AuthGrants;
}

/** True if `name` matches one of `patterns` (`*` = any run of characters); no list allows all. */
export function grantMatches(patterns: readonly string[] | undefined, name: string): boolean {
  if (patterns === undefined) return true;
  return patterns.some((p) => p === name || (p.includes('*') && globRegExp(p).test(name)));
}

function globRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** Checks the shape of a `grants` claim; returns undefined when it is malformed. */
export function parseGrants(v: unknown): AuthGrants | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const g = v as Record<string, unknown>, out: AuthGrants = {};
  const names = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string' && s.length <= 256);
  for (const k of ['discoverable', 'list'] as const) {
    if (g[k] === undefined) continue;
    if (typeof g[k] !== 'boolean') return undefined;
    out[k] = g[k];
  }
  for (const k of ['connect', 'rooms'] as const) {
    if (g[k] === undefined) continue;
    if (!names(g[k])) return undefined;
    out[k] = [...g[k]];
  }
  return out;
}

/**
 * The `sub` and `exp` of a JWT, read without checking the signature (clients use it to know their
 * id and when to refresh; only the server verifies). Undefined if it is not a JWT.
 */
export function peekToken(jwt: string): { sub?: string; exp?: number } | undefined {
  const part = jwt.split('.')[1];
  if (!part || jwt.split('.').length !== 3) return undefined;
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(b64), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    const v: unknown = JSON.parse(json);
    if (typeof v !== 'object' || v === null) return undefined;
    const { sub, exp } = v as { sub?: unknown; exp?: unknown };
    return { ...(typeof sub === 'string' ? { sub } : {}), ...(typeof exp === 'number' ? { exp } : {}) };
  } catch {
    return undefined;
  }
}
