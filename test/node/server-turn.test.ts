/** Server: TURN credentials by the coturn REST-API scheme, in OPEN and at `{key}/ice`. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from '../../src/server/index.ts';
import { parseServeArgs, UsageError } from '../../src/server/cli-args.ts';
import { mintTurnCredentials } from '../../src/server/turn.ts';
import { IceServerSource, MIN_REFRESH_MS, earliestExpiry } from '../../src/core/ice-servers.ts';
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

describe('core: refreshing minted credentials (IceServerSource)', () => {
  /** A clock whose timers run only when the test advances it. */
  function fakeClock(start: number) {
    let now = start, seq = 0;
    const timers = new Map<number, { at: number; fn: () => void }>();
    return {
      now: () => now,
      setTimeout: (fn: () => void, ms: number) => { timers.set(++seq, { at: now + ms, fn }); return seq; },
      clearTimeout: (h: unknown) => { timers.delete(h as number); },
      pending: () => [...timers.values()].map((t) => t.at - now),
      async advance(ms: number) {
        now += ms;
        for (const [h, t] of [...timers]) if (t.at <= now) { timers.delete(h); t.fn(); }
        await new Promise((r) => setImmediate(r));
      },
    };
  }
  const turn = { secret: SECRET, urls: ['turn:127.0.0.1:3478'], ttlSeconds: 100 };

  test('refreshes at 80% of the remaining lifetime, hands over the fresh list, stops on stop()', async () => {
    const clock = fakeClock(1_700_000_000_000);
    const updates: Ice[][] = [];
    let fetches = 0;
    const src = new IceServerSource({
      clock, fetch: async () => { fetches++; return [mintTurnCredentials(turn, 'a', clock.now())]; }, updated: (l) => updates.push(l),
    });
    const first = [mintTurnCredentials(turn, 'a', clock.now())];
    assert.equal(earliestExpiry(first), 1_700_000_100_000);
    src.set(first);
    assert.deepEqual(clock.pending(), [80_000]);
    await clock.advance(79_999);
    assert.equal(fetches, 0);
    await clock.advance(1);
    assert.equal(fetches, 1);
    assert.equal(updates.length, 1);
    assert.equal(src.current, updates[0]);
    assert.ok(earliestExpiry(src.current!)! > earliestExpiry(first)!);
    assert.equal(clock.pending().length, 1, 'the fresh list is scheduled too');
    src.stop();
    assert.deepEqual(clock.pending(), []);
  });

  test('no expiring credential: no timer; a failed refresh backs off; a stale answer is dropped', async () => {
    const clock = fakeClock(1_700_000_000_000);
    let answer: (l: Ice[]) => void = () => undefined;
    let fail = true;
    const updates: Ice[][] = [];
    const src = new IceServerSource({
      clock, updated: (l) => updates.push(l),
      fetch: () => (fail ? Promise.reject(new Error('403')) : new Promise<Ice[]>((r) => { answer = r; })),
    });
    src.set([{ urls: 'stun:127.0.0.1:3478' }]);
    assert.deepEqual(clock.pending(), []);
    src.set([mintTurnCredentials({ ...turn, ttlSeconds: 1 }, 'a', clock.now())]);
    assert.deepEqual(clock.pending(), [MIN_REFRESH_MS], 'bounded below');
    await clock.advance(MIN_REFRESH_MS);
    assert.deepEqual(clock.pending(), [2 * MIN_REFRESH_MS], 'backs off after a failure');
    fail = false;
    await clock.advance(2 * MIN_REFRESH_MS);
    src.set([mintTurnCredentials(turn, 'a', clock.now())]); // e.g. a reconnect's OPEN, while the refresh is in flight
    answer([mintTurnCredentials(turn, 'old', clock.now())]);
    await clock.advance(0);
    assert.deepEqual(updates, []);
    assert.match(src.current![0]!.username!, /:a$/);
    src.stop();
  });
});
