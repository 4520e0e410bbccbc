/**
 * Signed peer ids: verifies the JWT a socket presents before its id is granted. HS256 with a shared
 * secret, or ES256/RS256 (and the other asymmetric JWS algorithms) against a JWKS file, object or
 * URL; `jose` does the cryptography and the standard claim checks (`exp`, `nbf`, `iss`, `aud`).
 */
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { parseGrants, type AuthClaims, type AuthGrants, type AuthRefusal } from '../protocol/index.js';

/** What a custom `verify` hook returns for a good token: at least the peer id it was issued for. */
export interface VerifiedToken { sub: string; key?: string; exp?: number; grants?: AuthGrants }

/**
 * `createServer({ auth })`. Give `secret` (HS256), `jwks` (asymmetric keys), or `verify` (your own
 * check, e.g. an opaque session token looked up in your database; throw {@link AuthError} or return
 * false to refuse). With `secret`/`jwks` and `verify`, the hook runs on the verified claims.
 */
export interface AuthOptions {
  /** HS256 shared secret (at least 32 bytes, as RFC 7518 asks). */
  secret?: string;
  /** A JWKS: `https://…` URL (fetched and cached), a file path, or the key set itself. */
  jwks?: string | JSONWebKeySet;
  /** Extra check or replacement verification. */
  verify?: (token: string, ctx: { id: string; key: string; claims?: AuthClaims }) => VerifiedToken | false | Promise<VerifiedToken | false>;
  /** Required `iss` / `aud`, if your tokens carry them. */
  issuer?: string;
  audience?: string;
  /** Clock skew allowed on `exp`/`nbf`, seconds. Default 5. */
  clockToleranceSeconds?: number;
}

/** A refusal thrown by a custom `verify` hook (or by the built-in checks). */
export class AuthError extends Error {
  constructor(readonly refusal: AuthRefusal, message?: string) {
    super(message ?? refusal);
    this.name = 'AuthError';
  }
}

export type AuthVerdict = { ok: true; grants: AuthGrants | undefined; exp: number | undefined } | { ok: false; refusal: AuthRefusal; detail: string };

/** Checks one token for `id` under `key`. */
export type Authenticator = (token: string | undefined, id: string, key: string) => Promise<AuthVerdict>;

const ASYMMETRIC = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'];

/** Validates `auth` options (TypeError on a mistake) and builds the verifier. */
export function createAuthenticator(o: AuthOptions): Authenticator {
  const fail = (msg: string): never => { throw new TypeError(`createServer: ${msg}`); };
  if (typeof o !== 'object' || o === null) fail('"auth" must be an object { secret?, jwks?, verify? }');
  for (const k of Object.keys(o)) {
    if (!['secret', 'jwks', 'verify', 'issuer', 'audience', 'clockToleranceSeconds'].includes(k)) fail(`unknown option "auth.${k}"`);
  }
  if (!o.secret && !o.jwks && !o.verify) fail('"auth" needs "secret", "jwks" or "verify"');
  if (o.secret !== undefined && o.jwks !== undefined) fail('"auth.secret" and "auth.jwks" exclude each other');
  if (o.secret !== undefined && (typeof o.secret !== 'string' || Buffer.byteLength(o.secret) < 32)) fail('"auth.secret" must be a string of at least 32 bytes');
  if (o.verify !== undefined && typeof o.verify !== 'function') fail('"auth.verify" must be a function');
  const tolerance = o.clockToleranceSeconds ?? 5;
  if (!Number.isInteger(tolerance) || tolerance < 0) fail('"auth.clockToleranceSeconds" must be an integer >= 0');
  const key = o.secret !== undefined ? new TextEncoder().encode(o.secret) : o.jwks !== undefined ? jwksOf(o.jwks, fail) : undefined;
  const algorithms = o.secret !== undefined ? ['HS256'] : ASYMMETRIC;
  const checks = { algorithms, clockTolerance: tolerance, requiredClaims: ['sub', 'exp'],
    ...(o.issuer ? { issuer: o.issuer } : {}), ...(o.audience ? { audience: o.audience } : {}) };

  return async (token, id, realm) => {
    if (!token) return refused('Required', 'no token');
    try {
      let claims: VerifiedToken | undefined;
      if (key) {
        const { payload } = key instanceof Uint8Array ? await jwtVerify(token, key, checks) : await jwtVerify(token, key, checks);
        claims = claimsOf(payload);
      }
      if (o.verify) {
        const hooked = await o.verify(token, { id, key: realm, ...(claims ? { claims: claims as AuthClaims } : {}) });
        if (!hooked || typeof hooked.sub !== 'string') return refused('Invalid', 'refused by verify hook');
        claims = hooked;
      }
      const c = claims!;
      if (c.exp !== undefined && c.exp * 1000 + tolerance * 1000 < Date.now()) return refused('Expired', 'exp passed');
      if (c.sub !== id) return refused('OtherPeer', `sub "${c.sub}"`);
      if (c.key !== undefined && c.key !== realm) return refused('OtherRealm', `key "${c.key}"`);
      return { ok: true, grants: c.grants, exp: c.exp };
    } catch (err) {
      if (err instanceof AuthError) return refused(err.refusal, err.message);
      if (err instanceof errors.JWTExpired) return refused('Expired', err.message);
      if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'nbf') return refused('Expired', err.message);
      if (err instanceof errors.JOSEError || err instanceof TypeError) return refused('Invalid', (err as Error).message);
      throw err;
    }
  };
}

function refused(refusal: AuthRefusal, detail: string): AuthVerdict {
  return { ok: false, refusal, detail };
}

function claimsOf(p: JWTPayload): VerifiedToken {
  const grants = p.grants === undefined ? undefined : parseGrants(p.grants);
  if (p.grants !== undefined && !grants) throw new AuthError('Invalid', 'malformed "grants" claim');
  if (p.key !== undefined && typeof p.key !== 'string') throw new AuthError('Invalid', 'malformed "key" claim');
  return { sub: p.sub!, exp: p.exp, ...(typeof p.key === 'string' ? { key: p.key } : {}), ...(grants ? { grants } : {}) };
}

function jwksOf(v: string | JSONWebKeySet, fail: (m: string) => never): JWTVerifyGetKey {
  if (typeof v === 'object' && v !== null && Array.isArray(v.keys)) return createLocalJWKSet(v);
  if (typeof v !== 'string' || v === '') return fail('"auth.jwks" must be a URL, a file path or a JWKS object');
  if (/^https?:\/\//.test(v)) return createRemoteJWKSet(new URL(v));
  let set: unknown;
  try {
    set = JSON.parse(readFileSync(v, 'utf8'));
  } catch (err) {
    return fail(`"auth.jwks": cannot read a JWKS from ${v} (${(err as Error).message})`);
  }
  if (!Array.isArray((set as { keys?: unknown })?.keys)) fail(`"auth.jwks": ${v} has no "keys" array`);
  return createLocalJWKSet(set as JSONWebKeySet);
}
