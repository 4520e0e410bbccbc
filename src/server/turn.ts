/**
 * Short-lived TURN credentials by the coturn REST-API scheme (`use-auth-secret` +
 * `static-auth-secret` in turnserver.conf): username `<unix expiry>:<peer id>`, password
 * base64(HMAC-SHA1(secret, username)). coturn recomputes the HMAC, so nothing is shared at run
 * time but the secret, and a leaked credential dies at its expiry.
 */
import { createHmac } from 'node:crypto';
import { turnUsername, type IceServerList } from '../protocol/index.js';

export interface TurnOptions {
  /** The `static-auth-secret` configured in coturn. */
  secret: string;
  /** One or more `turn:`/`turns:` URLs, e.g. `turn:turn.example.com:3478?transport=udp`. */
  urls: string[];
  /** Credential lifetime in seconds (default 1 day). */
  ttlSeconds?: number;
}

export interface IceServer { urls: string[]; username: string; credential: string }

/** Validates TURN options up front so a typo fails at start, not at the first call. */
export function checkTurnOptions(o: TurnOptions): void {
  if (typeof o.secret !== 'string' || o.secret.length < 8) throw new TypeError('turn.secret must be a string of at least 8 characters');
  if (!Array.isArray(o.urls) || o.urls.length === 0 || !o.urls.every((u) => /^turns?:/.test(u))) {
    throw new TypeError('turn.urls must be a non-empty list of turn: or turns: URLs');
  }
  if (o.ttlSeconds !== undefined && !(Number.isInteger(o.ttlSeconds) && o.ttlSeconds > 0)) {
    throw new TypeError('turn.ttlSeconds must be a positive integer');
  }
}

/** Mints credentials for `peerId`, valid until `now + ttl`. */
export function mintTurnCredentials(o: TurnOptions, peerId: string, nowMs: number = Date.now()): IceServer {
  const expiry = Math.floor(nowMs / 1000) + (o.ttlSeconds ?? 86400);
  const username = turnUsername(expiry, peerId);
  const credential = createHmac('sha1', o.secret).update(username).digest('base64');
  return { urls: [...o.urls], username, credential };
}

/** The ICE servers for `peerId`: the static list, then a TURN credential minted for it (if configured). */
export function iceServersFor(
  o: { iceServers?: IceServerList | undefined; turn?: TurnOptions | undefined },
  peerId: string, nowMs: number = Date.now(),
): IceServerList {
  return [...(o.iceServers ?? []), ...(o.turn ? [mintTurnCredentials(o.turn, peerId, nowMs)] : [])];
}
