/** The query-string checks of a WebSocket handshake (PROTOCOL.md §1.2), before the store is asked. */
import {
  AUTH_PARAM, CloseCode, ErrorText, MAX_AUTH_TOKEN_LENGTH, MAX_TOKEN_LENGTH, isKitClient, isValidId,
} from '../protocol/index.js';
import type { Realm, Realms } from './realm.js';

/** What a well-formed handshake asks for. */
export interface Handshake {
  id: string;
  token: string;
  key: string;
  kit: boolean;
  realm: Realm;
  /** The JWT presented (`auth=`, or a JWT-shaped `token=` from a stock PeerJS client), when auth is on. */
  jwt: string | undefined;
}

/** Why a handshake is refused: an `ERROR` text and close code, or PeerServer's `ID-TAKEN`. */
export type HandshakeRefusal = { refuse: string; code: number } | { idTaken: true; key: string; id: string };

/** Reads `id`, `token`, `key` (and `kit`) from the upgrade URL and checks them against this node. */
export function readHandshake(url: string | undefined, realms: Realms, concurrentLimit: number, authOn = false): Handshake | HandshakeRefusal {
  const q = new URL(url ?? '/', 'http://localhost').searchParams;
  const id = q.get('id'), token = q.get('token'), key = q.get('key'), kit = isKitClient(q);
  if (!id || !token || !key) return { refuse: ErrorText.MissingParams, code: CloseCode.PolicyViolation };
  const realm = realms.get(key);
  if (!realm) return { refuse: ErrorText.InvalidKey, code: CloseCode.PolicyViolation };
  if (!isValidId(id)) return { refuse: ErrorText.InvalidId, code: CloseCode.PolicyViolation };
  // Stock PeerJS can only pass its `token` option, so there a JWT may stand in for the session token.
  const jwt = !authOn ? undefined : q.get(AUTH_PARAM) ?? (isJwtShaped(token) ? token : undefined);
  const tokenMax = jwt === token ? MAX_AUTH_TOKEN_LENGTH : MAX_TOKEN_LENGTH;
  if (token.length > tokenMax || (jwt?.length ?? 0) > MAX_AUTH_TOKEN_LENGTH) return { refuse: ErrorText.InvalidToken, code: CloseCode.PolicyViolation };
  const existing = realm.clients.get(id);
  if (existing && existing.token !== token) return { idTaken: true, key, id };
  if (!existing && realms.clientCount >= concurrentLimit) return { refuse: ErrorText.ConcurrentLimit, code: CloseCode.TryAgainLater };
  return { id, token, key, kit, realm, jwt };
}

function isJwtShaped(s: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(s);
}
