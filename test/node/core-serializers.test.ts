// Framing and serialization of the core, without WebRTC: frames written by one serializer are fed
// to another and must come out as the same values, in PeerJS's exact framing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pack as bpPack, unpack as bpUnpack } from 'peerjs-js-binarypack';
import { createSerializer, type FrameWriter, type SerializationType } from '../../src/core/serializers/index.js';
import { scanValue, binHeader } from '../../src/core/serializers/msgpack-scan.js';
import { binaryPackHeader, CHUNK, MAX_PARTIAL_MESSAGES } from '../../src/core/serializers/binary.js';
import type { PeerError } from '../../src/core/errors.js';

function writer(frameSize: number, remoteKit = true): FrameWriter & { frames: (ArrayBuffer | string)[]; progress: FrameWriter['progress']; seen: number[] } {
  const w = {
    frames: [] as (ArrayBuffer | string)[], seen: [] as number[], frameSize, remoteKit,
    async write(f: ArrayBuffer | Uint8Array | string) {
      w.frames.push(typeof f === 'string' ? f : f instanceof ArrayBuffer ? f.slice(0) : Uint8Array.prototype.slice.call(f).buffer as ArrayBuffer);
    },
    progress(bytes: number) { w.seen.push(bytes); },
  };
  return w;
}

function pair(name: SerializationType, maxMessageSize = 1 << 30) {
  const got: unknown[] = [], errors: PeerError[] = [], progress: number[] = [];
  let closed = 0;
  const rx = createSerializer(name, { maxMessageSize, reader: {
    data: (v) => got.push(v), error: (e) => errors.push(e), close: () => closed++, progress: (b) => progress.push(b),
  } });
  const tx = createSerializer(name, { maxMessageSize, reader: { data() {}, error() {}, close() {}, progress() {} } });
  return { rx, tx, got, errors, progress, closed: () => closed };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('core msgpack framing', () => {
  it('scans values split at every byte and finds their ends', () => {
    const bytes = new Uint8Array([0x82, 0xa1, 0x61, 0x01, 0xa1, 0x62, 0x92, 0xc4, 0x02, 0x09, 0x09, 0xc0, 0x05]);
    for (let cut = 0; cut < 12; cut++) assert.equal(scanValue(bytes, 0, cut).complete, false, `cut ${cut}`);
    assert.deepEqual(scanValue(bytes, 0, bytes.length), { complete: true, end: 12 });
    assert.deepEqual(scanValue(bytes, 12, bytes.length), { complete: true, end: 13 });
    assert.deepEqual([...binHeader(70000)], [0xc6, 0, 1, 0x11, 0x70]);
  });

  it('round-trips values through arbitrarily re-cut frames', async () => {
    const { rx, tx, got } = pair('MsgPack');
    const w = writer(7);
    const values = [1, 'hé', { a: [1, 2, { b: null }], d: new Date(1234) }, new Uint8Array([1, 2, 3]), true];
    for (const v of values) await tx.encode(v, w);
    const all = new Uint8Array(w.frames.reduce<number[]>((a, f) => a.concat([...new Uint8Array(f as ArrayBuffer)]), []));
    for (let o = 0; o < all.length; o += 3) rx.decode(all.slice(o, o + 3).buffer);
    assert.deepEqual(got, values);
    assert.ok(w.frames.every((f) => (f as ArrayBuffer).byteLength <= 7));
  });

  it('streams a big binary as bin header + slices and receives it with progress', async () => {
    const { rx, tx, got, progress } = pair('MsgPack');
    const w = writer(64 * 1024);
    const data = new Uint8Array(1_000_003).map((_, i) => i * 7);
    await tx.encode(data.buffer, w);
    assert.deepEqual([...new Uint8Array(w.frames[0] as ArrayBuffer)], [0xc6, 0, 0x0f, 0x42, 0x43]);
    for (const f of w.frames) rx.decode(f);
    assert.equal(got.length, 1);
    assert.ok(got[0] instanceof Uint8Array);
    assert.deepEqual(got[0], data);
    assert.equal(progress.at(-1), data.length);
    assert.equal(w.seen.at(-1), data.length + 5);
  });

  it('refuses a message over maxMessageSize and keeps decoding the next one', async () => {
    const { rx, tx, got, errors } = pair('MsgPack', 100_000);
    const w = writer(16 * 1024);
    await tx.encode(new Uint8Array(300_000), w);
    await tx.encode({ after: 'ok' }, w);
    for (const f of w.frames) rx.decode(f);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.type, 'message-refused');
    assert.deepEqual(got, [{ after: 'ok' }]);
  });

  it('refuses null for PeerJS peers but not for p2p-kit peers', async () => {
    const { tx } = pair('MsgPack');
    await assert.rejects(tx.encode(null, writer(1000, false)), (e: PeerError) => e.type === 'serialization');
    await tx.encode(null, writer(1000, true));
  });
});

describe('core binary (binarypack) framing', () => {
  it('chunks like PeerJS: 16300-byte chunks with __peerData ids from 1', async () => {
    const { rx, tx, got, progress } = pair('binary');
    const w = writer(256 * 1024, false);
    const data = new Uint8Array(40_000).map((_, i) => i % 251);
    await tx.encode(data, w);
    assert.equal(w.frames.length, Math.ceil((data.length + 5) / CHUNK));
    const first = bpUnpack(w.frames[0] as ArrayBuffer) as { __peerData: number; n: number; total: number; data: ArrayBuffer };
    assert.equal(first.__peerData, 1);
    assert.equal(first.n, 0);
    assert.equal(first.total, 3);
    assert.equal(first.data.byteLength, CHUNK);
    assert.deepEqual([...new Uint8Array(first.data).subarray(0, 3)], [...binaryPackHeader(40_000)]);
    // Same bytes as PeerJS would chunk: binarypack of the whole value, cut at 16300.
    const whole = new Uint8Array(bpPack(data) as ArrayBuffer);
    const joined = w.frames.map((f) => new Uint8Array((bpUnpack(f as ArrayBuffer) as { data: ArrayBuffer }).data));
    assert.deepEqual(Buffer.concat(joined), Buffer.from(whole));
    for (const f of [...w.frames].reverse()) rx.decode(f); // reassembly is by index
    await settle();
    assert.ok(got[0] instanceof ArrayBuffer);
    assert.deepEqual(new Uint8Array(got[0] as ArrayBuffer), data);
    assert.ok(progress.length === 0 || progress.at(-1)! >= data.length);
  });

  it('round-trips small values and honours the close message', async () => {
    const { rx, tx, got, closed } = pair('binary');
    const w = writer(1 << 16);
    for (const v of ['hé', 200, 1.5, { a: 1, b: [true, null] }]) await tx.encode(v, w);
    w.frames.push(bpPack({ __peerData: { type: 'close' } }) as ArrayBuffer);
    for (const f of w.frames) rx.decode(f);
    await settle();
    assert.deepEqual(got, ['hé', 200, 1.5, { a: 1, b: [true, null] }]);
    assert.equal(closed(), 1);
  });

  it('refuses a chunked message over maxMessageSize, then decodes the next', async () => {
    const { rx, tx, got, errors } = pair('binary', 50_000);
    const w = writer(1 << 16);
    await tx.encode(new Uint8Array(200_000), w);
    await tx.encode('next', w);
    for (const f of w.frames) rx.decode(f);
    await settle();
    assert.equal(errors.filter((e) => e.type === 'message-refused').length, 1);
    assert.deepEqual(got, ['next']);
  });
});

describe('core binary receiver against broken or hostile chunks', () => {
  const chunk = (id: number, n: number, total: number, bytes: number): ArrayBuffer =>
    bpPack({ __peerData: id, n, data: new Uint8Array(bytes).fill(7), total }) as ArrayBuffer;

  /** A receiver with binarypack loaded, so decode() runs synchronously and any throw surfaces here. */
  async function receiver(maxMessageSize = 1 << 20) {
    const r = pair('binary', maxMessageSize);
    await settle();
    const feed = (...frames: ArrayBuffer[]) => { for (const f of frames) assert.doesNotThrow(() => r.rx.decode(f)); };
    const types = () => r.errors.map((e) => e.type);
    return { ...r, feed, types };
  }

  it('drops chunks whose index or count is out of range, with a serialization error each', async () => {
    const { feed, got, errors, types } = await receiver();
    feed(chunk(1, 3, 3, 10), chunk(2, -1, 3, 10), chunk(3, 1.5, 3, 10), chunk(4, 0, 0, 10), chunk(5, 0, -3, 10), chunk(6, 0, 2.5, 10));
    assert.deepEqual(types(), Array(6).fill('serialization'));
    assert.match(errors[0]!.message, /index 3 out of range 0\.\.2/);
    assert.deepEqual(got, []);
  });

  it('refuses a huge announced total before allocating, and keeps decoding', async () => {
    const { feed, got, types, tx } = await receiver(1 << 20);
    feed(chunk(101, 0, 2 ** 40, CHUNK), chunk(101, 1, 2 ** 40, CHUNK), chunk(102, 0, 2 ** 50, CHUNK), chunk(103, 0, 2 ** 60, CHUNK));
    assert.deepEqual(types(), ['message-refused', 'message-refused', 'serialization']); // 2 ** 60 is no safe integer
    const w = writer(1 << 16);
    await tx.encode(new Uint8Array(40_000).fill(9), w);
    feed(...(w.frames as ArrayBuffer[]));
    assert.equal(got.length, 1);
    assert.equal((got[0] as ArrayBuffer).byteLength, 40_000);
  });

  it('drops a message on a changed total, a repeated index or a wrongly sized chunk, once, ignoring its other chunks', async () => {
    const { feed, got, types } = await receiver();
    feed(chunk(1, 0, 3, CHUNK), chunk(1, 1, 5, CHUNK), chunk(1, 2, 3, 10)); // total changed
    feed(chunk(2, 0, 2, CHUNK), chunk(2, 0, 2, CHUNK), chunk(2, 1, 2, 10)); // repeated index
    feed(chunk(3, 0, 2, 100), chunk(3, 1, 2, 10)); // short chunk that is not the last
    feed(chunk(4, 1, 2, CHUNK + 1), chunk(4, 0, 2, CHUNK)); // oversized chunk
    assert.deepEqual(types(), Array(4).fill('serialization'));
    assert.deepEqual(got, []);
  });

  it(`reassembles at most ${MAX_PARTIAL_MESSAGES} chunked messages at once`, async () => {
    const { feed, types, got, tx } = await receiver();
    for (let id = 101; id <= 101 + MAX_PARTIAL_MESSAGES; id++) feed(chunk(id, 0, 2, CHUNK));
    assert.deepEqual(types(), ['serialization']);
    for (let id = 101; id < 101 + MAX_PARTIAL_MESSAGES; id++) feed(chunk(id, 1, 2, 5)); // they complete and free their slots
    assert.deepEqual(got, Array(MAX_PARTIAL_MESSAGES).fill(7)); // 7-filled bytes unpack as the fixint 7
    const w = writer(1 << 16);
    await tx.encode(new Uint8Array(20_000), w);
    feed(...(w.frames as ArrayBuffer[]));
    assert.equal((got.at(-1) as ArrayBuffer).byteLength, 20_000);
  });
});

describe('core json and raw', () => {
  it('json travels as UTF-8 bytes; PeerJS peers get the 16300-byte cap', async () => {
    const { rx, tx, got } = pair('json');
    const w = writer(1 << 16, false);
    await tx.encode({ x: 'é' }, w);
    assert.ok(w.frames[0] instanceof ArrayBuffer);
    assert.equal(new TextDecoder().decode(w.frames[0] as ArrayBuffer), '{"x":"é"}');
    rx.decode(w.frames[0]!);
    assert.deepEqual(got, [{ x: 'é' }]);
    await assert.rejects(tx.encode('x'.repeat(20000), w), (e: PeerError) => e.type === 'message-too-big');
    await tx.encode('x'.repeat(20000), writer(1 << 16, true));
  });

  it('raw passes strings and bytes through', async () => {
    const { rx, tx, got } = pair('raw');
    const w = writer(1 << 16);
    await tx.encode('s', w);
    await tx.encode(new Uint16Array([1]), w);
    for (const f of w.frames) rx.decode(f);
    assert.equal(got[0], 's');
    assert.deepEqual(new Uint8Array(got[1] as ArrayBuffer), new Uint8Array([1, 0]));
    await assert.rejects(tx.encode({ a: 1 }, w), (e: PeerError) => e.type === 'serialization');
  });
});
