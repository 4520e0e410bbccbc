/** Server: TURN credentials by the coturn REST-API scheme, in OPEN and at `{key}/ice`. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from '../../src/server/index.ts';
import { parseServeArgs, UsageError } from '../../src/server/cli-args.ts';
import { dial, get, join, startKit, wsUrl } from './server-helpers/kit.ts';

const SECRET = 'turn-test-secret';
type Ice = { urls: string | string[]; username?: string; credential?: string };

/** Checks a minted credential the way coturn does: HMAC-SHA1 over the username, expiry in the future. */
function assertMinted(s: Ice, id: string, ttl: number): void {
  const [expiry, who] = s.username!.split(':');
  assert.equal(who, id);
  const left = Number(expiry) - Date.now() / 1000;
  assert.ok(left > ttl - 5 && left <= ttl + 1, `expiry ${left}s away, want ~${ttl}`);
  assert.equal(s.credential, createHmac('sha1', SECRET).update(s.username!).digest('base64'));
  assert.deepEqual(s.urls, ['turn:127.0.0.1:3478?transport=udp', 'turns:127.0.0.1:5349']);
}

describe('server: TURN credentials', () => {
  let kit: Awaited<ReturnType<typeof startKit>>;
  before(async () => {
    kit = await startKit({
      iceServers: [{ urls: 'stun:127.0.0.1:3478' }],
      turn: { secret: SECRET, urls: ['turn:127.0.0.1:3478?transport=udp', 'turns:127.0.0.1:5349'], ttlSeconds: 600 },
    });
  });
  after(() => kit.close());

  test('OPEN carries the static servers, then a credential minted for this peer id', async () => {
    const d = await dial(wsUrl(kit.port, { key: 'peerjs', id: 'turn-c', token: 'tc' }));
    const open = await d.next();
    const ice = (open.payload as unknown as { iceServers: Ice[] }).iceServers;
    assert.equal(ice.length, 2);
    assert.deepEqual(ice[0], { urls: 'stun:127.0.0.1:3478' });
    assertMinted(ice[1]!, 'turn-c', 600);
    d.close();
  });

  test('{key}/ice answers only a registered id with its token', async () => {
    const a = await join(kit, 'ice-a'); // token tok-ice-a
    const ok = await get(kit.port, '/peerjs/ice?id=ice-a&token=tok-ice-a');
    assert.equal(ok.status, 200);
    assert.match(ok.type, /application\/json/);
    const body = JSON.parse(ok.body) as { iceServers: Ice[] };
    assert.deepEqual(body.iceServers[0], { urls: 'stun:127.0.0.1:3478' });
    assertMinted(body.iceServers[1]!, 'ice-a', 600);
    for (const q of ['id=ice-a&token=wrong', 'id=ice-a', 'id=nobody&token=tok-ice-a', 'token=tok-ice-a']) {
      const r = await get(kit.port, `/peerjs/ice?${q}`);
      assert.equal(r.status, 403, q);
      assert.doesNotMatch(r.body, /credential/, q);
    }
    assert.equal((await get(kit.port, '/otherkey/ice?id=ice-a&token=tok-ice-a')).status, 403, 'unknown key');
    a.close();
    await a.closed;
    // The server frees the id when it sees the close; poll a bounded number of times for that.
    let status = 200;
    for (let i = 0; i < 50 && status === 200; i++) status = (await get(kit.port, '/peerjs/ice?id=ice-a&token=tok-ice-a')).status;
    assert.equal(status, 403, 'a peer that left gets nothing');
  });
});

describe('TURN options', () => {
  test('createServer checks turn up front', () => {
    assert.throws(() => createServer({ noServer: true, turn: { secret: 'short', urls: ['turn:x'] } }), /createServer: turn.secret/);
    assert.throws(() => createServer({ noServer: true, turn: { secret: 'long-enough', urls: [] } }), /turn.urls/);
    assert.throws(() => createServer({ noServer: true, turn: { secret: 'long-enough', urls: ['turn:x'], tls: 1 } as never }), /turn.tls/);
  });

  test('--turn-secret / --turn-url (repeatable, comma separated) / --turn-ttl', () => {
    const cmd = parseServeArgs(['--turn-secret', SECRET, '--turn-url', 'turn:a:3478,turn:b:3478', '--turn-url', 'turns:c:5349', '--turn-ttl', '600'], {});
    assert.ok(!cmd.help);
    assert.deepEqual(cmd.options.turn, { secret: SECRET, urls: ['turn:a:3478', 'turn:b:3478', 'turns:c:5349'], ttlSeconds: 600 });
    const env = parseServeArgs(['--turn-url', 'turn:a:3478'], { P2P_KIT_TURN_SECRET: SECRET });
    assert.ok(!env.help);
    assert.equal(env.options.turn?.secret, SECRET);
    assert.throws(() => parseServeArgs(['--turn-secret', SECRET], {}), UsageError);
    assert.throws(() => parseServeArgs(['--turn-url', 'turn:a'], {}), UsageError);
    assert.throws(() => parseServeArgs(['--turn-ttl', '10'], {}), UsageError);
  });
});
