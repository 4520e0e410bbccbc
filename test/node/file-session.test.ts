import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { FileSession, type FileChannel, type FileSessionOptions } from '../../src/sessions/files/session.ts';
import { decodeChunk, encodeChunk } from '../../src/sessions/files/protocol.ts';
import type { Transfer } from '../../src/sessions/files/transfer.ts';
import type { ByteSink } from '../../src/sessions/files/sinks.ts';

/**
 * A sink that stores nothing until the test lets it (`release()` completes every write so far), so
 * a receiver with a slow disk can be played. `failNext()` makes the next write fail.
 */
function slowSink() {
  const held: { data: Uint8Array; done: () => void; fail: (e: Error) => void }[] = [];
  const stored: Uint8Array[] = [];
  let failing = false;
  const release = () => { for (const h of held.splice(0)) { stored.push(h.data); h.done(); } };
  const sink: ByteSink = {
    write(data) {
      return new Promise<void>((done, fail) => {
        if (failing) { fail(new Error('disk full')); return; }
        held.push({ data, done, fail });
      });
    },
    // Like a real sink, finishing stores whatever is still pending.
    async finish(name, type) { release(); return new File(stored as Uint8Array<ArrayBuffer>[], name, { type }); },
    clear() { held.length = 0; stored.length = 0; },
  };
  return {
    sink, held, release,
    failNext() { failing = true; },
  };
}

/** One side of the test: a session plus everything its hooks reported. */
interface Side {
  s: FileSession;
  offers: Transfer[];
  received: { t: Transfer; file: File }[];
  states: string[];
  changed: Set<() => void>;
}

function side(remote: string, onOffer: (s: FileSession, t: Transfer) => void = () => {}, maxPendingOffers?: number,
  extra: Partial<FileSessionOptions> = {}): Side {
  const me: Side = { s: undefined as unknown as FileSession, offers: [], received: [], states: [], changed: new Set() };
  const ping = () => { for (const f of [...me.changed]) f(); };
  me.s = new FileSession({
    remote, chunkBytes: 16 * 1024, flushBytes: 100 * 1024, maxPendingOffers, ...extra,
    hooks: {
      offer: (t) => { me.offers.push(t); onOffer(me.s, t); ping(); },
      change: (t, prev) => { if (prev !== t.state) me.states.push(`${t.name}:${t.state}`); ping(); },
      received: (t, file) => { me.received.push({ t, file }); ping(); },
    },
  });
  return me;
}

/** Resolves once `pred()` holds, re-checked after each hook call; fails after `ms`. */
function until(sides: Side[], pred: () => boolean, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => { if (pred()) { done(); resolve(); } };
    const timer = setTimeout(() => { done(); reject(new Error('timed out waiting')); }, ms);
    const done = () => { clearTimeout(timer); for (const x of sides) x.changed.delete(check); };
    for (const x of sides) x.changed.add(check);
    check();
  });
}

/**
 * An in-memory, ordered, asynchronous link between two sessions with real backpressure: `drain()`
 * waits until fewer than 64 KiB are in flight. `cut()` drops everything from then on (a lost link).
 */
function link(a: Side, b: Side, tamper?: (frame: string | ArrayBuffer) => string | ArrayBuffer) {
  let alive = true;
  const stats = { binaryFrames: 0 };
  const mk = (to: Side): FileChannel => {
    let inFlight = 0;
    const waiters: (() => void)[] = [];
    return {
      send(frame) {
        if (!alive) return;
        const size = typeof frame === 'string' ? frame.length : frame.byteLength;
        if (typeof frame !== 'string') stats.binaryFrames++;
        inFlight += size;
        setImmediate(() => {
          inFlight -= size;
          if (inFlight < 64 * 1024) waiters.splice(0).forEach((w) => w());
          if (alive) to.s.handle(tamper ? tamper(frame) : frame);
        });
      },
      drain: () => inFlight < 64 * 1024 ? Promise.resolve() : new Promise((r) => waiters.push(r)),
    };
  };
  a.s.attach(mk(b));
  b.s.attach(mk(a));
  return { stats, cut() { alive = false; a.s.detach(); b.s.detach(); } };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const mkFile = (bytes: Uint8Array, name = 'data.bin') => new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'application/octet-stream' });

test('a file arrives whole, SHA-256 verified on both sides', async () => {
  const alice = side('bob');
  const bob = side('alice', (s, t) => s.accept(t.id));
  link(alice, bob);
  const bytes = randomBytes(3 * 1024 * 1024 + 123);
  const out = alice.s.send(mkFile(bytes));
  await until([alice, bob], () => out.state === 'done');
  assert.equal(bob.received.length, 1);
  const { t, file } = bob.received[0];
  assert.equal(t.sha256, sha(bytes));
  assert.equal(out.sha256, sha(bytes));
  assert.equal(file.name, 'data.bin');
  assert.equal(file.size, bytes.length);
  assert.ok(Buffer.from(await file.arrayBuffer()).equals(bytes));
  assert.deepEqual(alice.states, ['data.bin:queued', 'data.bin:transferring', 'data.bin:verifying', 'data.bin:done']);
});

test('an empty file is offered, accepted and verified', async () => {
  const alice = side('bob');
  const bob = side('alice', (s, t) => s.accept(t.id));
  link(alice, bob);
  const out = alice.s.send(mkFile(new Uint8Array(0), 'empty'));
  await until([alice, bob], () => out.state === 'done');
  assert.equal(bob.received[0].t.sha256, sha(new Uint8Array(0)));
});

test('decline: the sender learns why and no byte flows', async () => {
  const alice = side('bob');
  const bob = side('alice', (s, t) => s.decline(t.id, 'too-large'));
  const l = link(alice, bob);
  const out = alice.s.send(mkFile(randomBytes(100_000)));
  await until([alice], () => out.state === 'declined');
  assert.equal(out.reason, 'too-large');
  assert.equal(l.stats.binaryFrames, 0);
  assert.equal(bob.received.length, 0);
});

test('cancel from the receiver mid-way stops the sender; cancel from the sender stops the receiver', async () => {
  for (const who of ['receiver', 'sender'] as const) {
    const alice = side('bob');
    const bob = side('alice', (s, t) => s.accept(t.id));
    const l = link(alice, bob);
    const out = alice.s.send(mkFile(randomBytes(4 * 1024 * 1024)));
    await until([bob], () => (bob.offers[0]?.bytes ?? 0) > 256 * 1024);
    if (who === 'receiver') bob.s.cancel(out.id); else alice.s.cancel(out.id);
    await until([alice, bob], () => out.state === 'cancelled' && bob.offers[0].state === 'cancelled');
    const framesAtCancel = l.stats.binaryFrames;
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(l.stats.binaryFrames - framesAtCancel <= 8, `${who}: sending stopped`);
    assert.ok(out.bytes < 4 * 1024 * 1024);
    assert.equal(bob.received.length, 0);
  }
});

test('several files queue up and go one at a time, in accept order', async () => {
  const alice = side('bob');
  const bob = side('alice');
  link(alice, bob);
  const files = [1, 2, 3].map((i) => mkFile(randomBytes(200_000 * i), `f${i}`));
  const outs = files.map((f) => alice.s.send(f));
  await until([bob], () => bob.offers.length === 3);
  for (const t of [...bob.offers].reverse()) bob.s.accept(t.id);
  await until([alice, bob], () => outs.every((t) => t.state === 'done'));
  assert.deepEqual(bob.received.map((r) => r.file.name), ['f3', 'f2', 'f1']);
  // Never two transferring at once on the sending side.
  const transferringAt = alice.states.filter((x) => x.endsWith(':transferring')).map((x) => x.split(':')[0]);
  assert.deepEqual(transferringAt, ['f3', 'f2', 'f1']);
});

test('a corrupted byte is caught by the SHA-256 check on both sides', async () => {
  const alice = side('bob');
  const bob = side('alice', (s, t) => s.accept(t.id));
  let flipped = false;
  link(alice, bob, (frame) => {
    if (typeof frame === 'string' || flipped) return frame;
    flipped = true;
    const copy = new Uint8Array(frame.slice(0));
    copy[copy.length - 1] ^= 0xff;
    return copy.buffer;
  });
  const out = alice.s.send(mkFile(randomBytes(50_000)));
  await until([alice, bob], () => out.state === 'failed' && bob.offers[0].state === 'failed');
  assert.equal(out.reason, 'hash-mismatch');
  assert.equal(bob.offers[0].reason, 'hash-mismatch');
  assert.equal(bob.received.length, 0);
});

test('a chunk at the wrong offset or past the offered size fails the transfer', async () => {
  const alice = side('bob');
  const bob = side('alice', (s, t) => s.accept(t.id));
  link(alice, bob, (frame) => {
    if (typeof frame === 'string') return frame;
    const c = decodeChunk(frame)!;
    return encodeChunk(c.n, c.offset + 1, c.data);
  });
  const out = alice.s.send(mkFile(randomBytes(50_000)));
  await until([alice, bob], () => bob.offers[0]?.state === 'failed' && out.state === 'cancelled');
  assert.equal(bob.offers[0].reason, 'protocol');
});

test('after a dropped link the transfer resumes where it stopped and still verifies', async () => {
  const alice = side('bob');
  const bob = side('alice', (s, t) => s.accept(t.id));
  const first = link(alice, bob);
  const bytes = randomBytes(2 * 1024 * 1024);
  const out = alice.s.send(mkFile(bytes));
  await until([bob], () => bob.offers[0]?.bytes > 512 * 1024);
  first.cut();
  assert.equal(out.state, 'paused');
  assert.equal(bob.offers[0].state, 'paused');
  const kept = bob.offers[0].bytes;
  const second = link(alice, bob);
  await until([alice, bob], () => out.state === 'done');
  assert.equal(bob.received[0].t.sha256, sha(bytes));
  assert.ok(Buffer.from(await bob.received[0].file.arrayBuffer()).equals(bytes));
  // Only the missing part crossed the new link.
  assert.ok(second.stats.binaryFrames <= Math.ceil((bytes.length - kept) / (16 * 1024)) + 1);
  assert.ok(alice.states.includes('data.bin:paused'));
});

test('an offer that arrives while undecided offers pile up is declined as busy', async () => {
  const alice = side('bob');
  const bob = side('alice', () => {}, 2);
  link(alice, bob);
  const outs = [1, 2, 3].map((i) => alice.s.send(mkFile(randomBytes(10), `f${i}`)));
  await until([alice], () => outs[2].state === 'declined');
  assert.equal(outs[2].reason, 'busy');
  assert.equal(bob.offers.length, 2);
});

test('flow control: the sender stays within the receiver\'s window while its sink is slow, then finishes', async () => {
  const disk = slowSink();
  const windowBytes = 256 * 1024;
  const alice = side('bob');
  const bob = side('alice', (s, t) => s.accept(t.id), undefined, { sink: () => disk.sink, windowBytes });
  link(alice, bob);
  const bytes = randomBytes(2 * 1024 * 1024);
  const out = alice.s.send(mkFile(bytes));
  await until([bob], () => bob.offers[0]?.bytes >= windowBytes);
  await new Promise((r) => setTimeout(r, 100)); // room to run ahead, if it could
  // Nothing is stored yet, so nothing is acked: the sender stopped at the window.
  assert.equal(out.bytes, windowBytes);
  assert.equal(bob.offers[0].bytes, windowBytes);
  assert.equal(out.state, 'transferring');
  // Let the disk catch up, repeatedly, until the whole file is through.
  const pump = setInterval(() => disk.release(), 5);
  try {
    await until([alice, bob], () => out.state === 'done', 10000);
  } finally { clearInterval(pump); }
  assert.equal(bob.received[0].t.sha256, sha(bytes));
  assert.ok(Buffer.from(await bob.received[0].file.arrayBuffer()).equals(bytes));
});

test('flow control: a sink that fails to store fails the transfer on both sides', async () => {
  const disk = slowSink();
  const alice = side('bob');
  const bob = side('alice', (s, t) => s.accept(t.id), undefined, { sink: () => disk.sink, windowBytes: 128 * 1024 });
  link(alice, bob);
  const out = alice.s.send(mkFile(randomBytes(1024 * 1024)));
  await until([bob], () => bob.offers[0]?.bytes > 0);
  disk.failNext();
  for (const h of disk.held.splice(0)) h.fail(new Error('disk full'));
  await until([alice, bob], () => bob.offers[0].state === 'failed' && out.state === 'cancelled');
  assert.equal(bob.offers[0].reason, 'write-failed');
  assert.equal(bob.received.length, 0);
});
