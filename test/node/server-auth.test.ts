/**
 * Server: signed peer ids. With `auth`, an id is granted only to a socket presenting a JWT whose
 * `sub` is that id; p2p-kit clients learn why they were refused (AuthText, close 1008), stock PeerJS
 * clients get PeerServer's ID-TAKEN. Grants are enforced on OFFER and presence.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { AUTH_PARAM, AuthText, CloseCode, KIT_PARAM, KIT_PARAM_VERSION, RejectText, grantMatches, peekToken } from '../../src/protocol/index.ts';
import { AuthError, createServer, mayJoinRoom } from '../../src/server/index.ts';
import { parseServeArgs, UsageError } from '../../src/server/cli-args.ts';
import { dial, startKit, untilBarrier, wsUrl, type TestClient } from './server-helpers/kit.ts';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const KIT = { [KIT_PARAM]: KIT_PARAM_VERSION };
const now = (): number => Math.floor(Date.now() / 1000);

function hs256(claims: Record<string, unknown>, secret = SECRET): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));
}

/** Opens a socket for `id` with `jwt` (as `auth=`, kit client unless `stock`); returns the first frame. */
async function attempt(port: number, id: string, jwt: string | undefined, o: { stock?: boolean; key?: string } = {}): Promise<{ c: TestClient; first: { type: string; payload?: { msg?: string } } }> {
  const q: Record<string, string> = { key: o.key ?? 'peerjs', id, token: `tok-${id}`, ...(o.stock ? {} : KIT), ...(jwt ? { [AUTH_PARAM]: jwt } : {}) };
  const c = await dial(wsUrl(port, q));
  return { c, first: await c.next() };
}

async function refusedWith(port: number, id: string, jwt: string | undefined, text: string, key?: string): Promise<void> {
  const { c, first } = await attempt(port, id, jwt, { key });
  assert.deepEqual(first, { type: 'ERROR', payload: { msg: text } });
  assert.equal((await c.closed).code, CloseCode.PolicyViolation);
}

describe('server: auth with an HS256 secret', () => {
  let kit: Awaited<ReturnType<typeof startKit>>;
  before(async () => { kit = await startKit({ key: ['peerjs', 'other'], auth: { secret: SECRET } }); });
  after(() => kit.close());

  test('a valid token for the id registers it', async () => {
    const { c, first } = await attempt(kit.port, 'alice', await hs256({ sub: 'alice', key: 'peerjs', exp: now() + 60 }));
    assert.equal(first.type, 'OPEN');
    c.close();
  });

  test('missing, expired, forged, other-id and other-key tokens are refused with their reason', async () => {
    await refusedWith(kit.port, 'bob', undefined, AuthText.Required);
    await refusedWith(kit.port, 'bob', await hs256({ sub: 'bob', exp: now() - 60 }), AuthText.Expired);
    await refusedWith(kit.port, 'bob', await hs256({ sub: 'bob', exp: now() + 60 }, 'another-secret-that-is-long-enough-987654'), AuthText.Invalid);
    await refusedWith(kit.port, 'bob', 'not.a.jwt', AuthText.Invalid);
    await refusedWith(kit.port, 'bob', await hs256({ sub: 'bob' }), AuthText.Invalid); // no exp: tokens must expire
    await refusedWith(kit.port, 'bob', await hs256({ sub: 'mallory', exp: now() + 60 }), AuthText.OtherPeer);
    await refusedWith(kit.port, 'bob', await hs256({ sub: 'bob', key: 'other', exp: now() + 60 }), AuthText.OtherRealm);
    await refusedWith(kit.port, 'bob', await hs256({ sub: 'bob', exp: now() + 60, grants: { connect: 'everyone' } }), AuthText.Invalid);
    // alg "none" is never accepted
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'bob', exp: now() + 60 })).toString('base64url')}.`;
    await refusedWith(kit.port, 'bob', unsigned, AuthText.Invalid);
    assert.ok(!kit.peers().includes('bob'));
  });

  test('a stock PeerJS client gets ID-TAKEN, and may pass the JWT as its token', async () => {
    const { c, first } = await attempt(kit.port, 'carol', await hs256({ sub: 'mallory', exp: now() + 60 }), { stock: true });
    assert.equal(first.type, 'ID-TAKEN');
    assert.equal((await c.closed).code, CloseCode.IdTaken);
    const jwt = await hs256({ sub: 'carol', exp: now() + 60 });
    const stock = await dial(wsUrl(kit.port, { key: 'peerjs', id: 'carol', token: jwt }));
    assert.equal((await stock.next()).type, 'OPEN');
    stock.close();
  });

  test('grants: OFFER only to granted ids, presence only as granted; answers always pass', async () => {
    const jwt = await hs256({ sub: 'gina', exp: now() + 60, grants: { connect: ['desk-*', 'gina'], discoverable: false, list: false, rooms: ['team-*'] } });
    const gina = (await attempt(kit.port, 'gina', jwt)).c;
    const desk = (await attempt(kit.port, 'desk-1', await hs256({ sub: 'desk-1', exp: now() + 60 }))).c;
    gina.frames.splice(0);
    gina.send({ type: 'OFFER', dst: 'boss', payload: { sdp: 'x' } });
    gina.send({ type: 'P2PKIT-PRESENCE', payload: { discoverable: true } });
    gina.send({ type: 'P2PKIT-PRESENCE', payload: { subscribe: true } });
    gina.send({ type: 'P2PKIT-ROOM', payload: { action: 'join', room: 'board' } });
    gina.send({ type: 'OFFER', dst: 'desk-1', payload: { sdp: 'y' } });
    const msg = RejectText['not-granted'];
    assert.deepEqual(await untilBarrier(gina, 'gina'), [
      { type: 'P2PKIT-REJECTED', payload: { code: 'not-granted', msg, type: 'OFFER' } },
      { type: 'P2PKIT-REJECTED', payload: { code: 'not-granted', msg, type: 'P2PKIT-PRESENCE' } },
      { type: 'P2PKIT-REJECTED', payload: { code: 'not-granted', msg, type: 'P2PKIT-PRESENCE' } },
      { type: 'P2PKIT-REJECTED', payload: { code: 'not-granted', msg, type: 'P2PKIT-ROOM' } },
    ]);
    gina.send({ type: 'P2PKIT-ROOM', payload: { action: 'join', room: 'team-red' } });
    assert.equal((await gina.next('P2PKIT-ROOM')).type, 'P2PKIT-ROOM'); // a granted room: the rooms feature answers
    assert.deepEqual(await desk.next('OFFER'), { type: 'OFFER', src: 'gina', dst: 'desk-1', payload: { sdp: 'y' } });
    // desk-1 has no grants: it may answer and offer back to anyone
    desk.send({ type: 'ANSWER', dst: 'gina', payload: { sdp: 'z' } });
    assert.deepEqual(await gina.next('ANSWER'), { type: 'ANSWER', src: 'desk-1', dst: 'gina', payload: { sdp: 'z' } });
    gina.close(); desk.close();
  });
});

describe('server: auth with a JWKS and with a verify hook', () => {
  test('ES256 from a JWKS file, RS256 from a JWKS URL; a key from elsewhere is refused', async () => {
    const es = await generateKeyPair('ES256'), rs = await generateKeyPair('RS256'), stranger = await generateKeyPair('ES256');
    const dir = mkdtempSync(joinPath(tmpdir(), 'h16-jwks-'));
    const file = joinPath(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [{ ...(await exportJWK(es.publicKey)), kid: 'es', alg: 'ES256' }] }));
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(rs.publicKey)), kid: 'rs', alg: 'RS256' }] });
    const http = createHttpServer((_, res) => { res.setHeader('content-type', 'application/json'); res.end(jwks); });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/jwks.json`;
    const sign = (alg: string, kid: string, key: CryptoKey, sub: string): Promise<string> =>
      new SignJWT({ sub, exp: now() + 60 }).setProtectedHeader({ alg, kid }).sign(key);
    const byFile = await startKit({ auth: { jwks: file } }), byUrl = await startKit({ auth: { jwks: url } });
    try {
      const a = await attempt(byFile.port, 'es-peer', await sign('ES256', 'es', es.privateKey, 'es-peer'));
      assert.equal(a.first.type, 'OPEN');
      const b = await attempt(byUrl.port, 'rs-peer', await sign('RS256', 'rs', rs.privateKey, 'rs-peer'));
      assert.equal(b.first.type, 'OPEN');
      await refusedWith(byFile.port, 'x-peer', await sign('ES256', 'es', stranger.privateKey, 'x-peer'), AuthText.Invalid);
      await refusedWith(byFile.port, 'x-peer', await hs256({ sub: 'x-peer', exp: now() + 60 }), AuthText.Invalid); // HS256 against public keys
      a.c.close(); b.c.close();
    } finally {
      await byFile.close(); await byUrl.close(); http.close();
    }
  });

  test('a verify hook can accept opaque tokens and refuse with a reason', async () => {
    const sessions = new Map([['s3cr3t', 'dave']]);
    const kit = await startKit({
      auth: {
        verify: (token) => {
          if (token === 'revoked') throw new AuthError('Expired', 'session revoked');
          const user = sessions.get(token);
          return user ? { sub: user, grants: { rooms: ['team-*'] } } : false;
        },
      },
    });
    try {
      const ok = await attempt(kit.port, 'dave', 's3cr3t');
      assert.equal(ok.first.type, 'OPEN');
      await refusedWith(kit.port, 'erin', 's3cr3t', AuthText.OtherPeer);
      await refusedWith(kit.port, 'erin', 'wrong', AuthText.Invalid);
      await refusedWith(kit.port, 'erin', 'revoked', AuthText.Expired);
      ok.c.close();
    } finally {
      await kit.close();
    }
  });
});

describe('auth helpers and configuration', () => {
  test('grant patterns, room check, token peek', () => {
    assert.equal(grantMatches(undefined, 'x'), true);
    assert.equal(grantMatches([], 'x'), false);
    assert.equal(grantMatches(['team-*'], 'team-red'), true);
    assert.equal(grantMatches(['team-*'], 'xteam-red'), false);
    assert.equal(grantMatches(['a.b'], 'aXb'), false); // dots are literal
    assert.equal(mayJoinRoom({ grants: { rooms: ['lobby'] } }, 'lobby'), true);
    assert.equal(mayJoinRoom({ grants: { rooms: ['lobby'] } }, 'vip'), false);
    assert.equal(mayJoinRoom({ grants: undefined }, 'vip'), true);
    const body = Buffer.from(JSON.stringify({ sub: 'zoë', exp: 123 })).toString('base64url');
    assert.deepEqual(peekToken(`h.${body}.s`), { sub: 'zoë', exp: 123 });
    assert.equal(peekToken('opaque'), undefined);
  });

  test('createServer and the CLI check auth options', () => {
    const bad = (auth: unknown, re: RegExp): void => assert.throws(() => createServer({ noServer: true, auth: auth as never }), re);
    bad({}, /needs "secret", "jwks" or "verify"/);
    bad({ secret: 'short' }, /at least 32 bytes/);
    bad({ secret: SECRET, jwks: 'x' }, /exclude each other/);
    bad({ jwks: '/no/such/file.json' }, /cannot read a JWKS/);
    bad({ secret: SECRET, extra: 1 }, /unknown option "auth.extra"/);
    const cmd = parseServeArgs(['--auth-secret', SECRET], {});
    assert.deepEqual(!cmd.help && cmd.options.auth, { secret: SECRET });
    const env = parseServeArgs([], { P2P_KIT_AUTH_SECRET: SECRET });
    assert.deepEqual(!env.help && env.options.auth, { secret: SECRET });
    const jw = parseServeArgs(['--auth-jwks', 'https://id.example/jwks.json'], {});
    assert.deepEqual(!jw.help && jw.options.auth, { jwks: 'https://id.example/jwks.json' });
    assert.throws(() => parseServeArgs(['--auth-secret', 'short'], {}), UsageError);
    assert.throws(() => parseServeArgs(['--auth-secret', SECRET, '--auth-jwks', 'x'], {}), /exclude/);
  });
});
