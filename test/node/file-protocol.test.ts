import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHUNK_HEADER_BYTES, checkFile, cleanName, decodeChunk, encodeChunk, encodeControl, newTransferId, parseControl,
} from '../../src/sessions/files/protocol.ts';
import { RateMeter } from '../../src/sessions/files/rate-meter.ts';

test('control messages round-trip through encode/parse', () => {
  const msgs = [
    { t: 'offer', id: 'abc', n: 3, name: 'a.txt', size: 10, type: 'text/plain', lastModified: 5 },
    { t: 'accept', id: 'abc' },
    { t: 'resume', id: 'abc', offset: 4 },
    { t: 'accept', id: 'abc', window: 8 * 1024 * 1024 },
    { t: 'resume', id: 'abc', offset: 4, window: 65536 },
    { t: 'ack', id: 'abc', offset: 1048576 },
    { t: 'decline', id: 'abc', reason: 'too-large' },
    { t: 'cancel', id: 'abc' },
    { t: 'done', id: 'abc', sha256: 'a'.repeat(64) },
    { t: 'received', id: 'abc', ok: false },
  ] as const;
  for (const m of msgs) assert.deepEqual(parseControl(encodeControl(m)), m);
});

test('parseControl refuses malformed or hostile frames', () => {
  const bad = [
    'not json', '[]', 'null', '{"t":"accept"}', '{"t":"nope","id":"a"}', '{"t":"accept","id":"../x"}',
    `{"t":"accept","id":"${'a'.repeat(65)}"}`, '{"t":"offer","id":"a","n":1,"name":"x","size":-1}',
    '{"t":"offer","id":"a","n":1,"name":"x","size":1.5}', '{"t":"offer","id":"a","n":-1,"name":"x","size":1}',
    '{"t":"offer","id":"a","n":1,"name":7,"size":1}', '{"t":"resume","id":"a","offset":-3}',
    '{"t":"done","id":"a","sha256":"XYZ"}', '{"t":"done","id":"a","sha256":"' + 'A'.repeat(64) + '"}',
    '{"t":"received","id":"a","ok":"yes"}', '{"t":"ack","id":"a","offset":-1}', '{"t":"ack","id":"a"}',
  ];
  for (const f of bad) assert.equal(parseControl(f), null, f);
  // A window too small for one chunk (or not a count) is ignored, never obeyed: the sender would stall.
  for (const w of [0, 100, -5, 'big', 1.5]) {
    assert.deepEqual(parseControl(JSON.stringify({ t: 'accept', id: 'a', window: w })), { t: 'accept', id: 'a' });
  }
  // Unknown decline reasons collapse to the generic one instead of passing through.
  assert.deepEqual(parseControl('{"t":"decline","id":"a","reason":"<b>"}'), { t: 'decline', id: 'a', reason: 'declined' });
});

test('offer names are cleaned of paths, control and bidi characters but keep HTML as text', () => {
  assert.equal(cleanName('../../etc/passwd'), '.._.._etc_passwd');
  assert.equal(cleanName('C:\\Windows\\x.dll'), 'C:_Windows_x.dll');
  assert.equal(cleanName('invoice\u202Efdp.exe'), 'invoicefdp.exe');
  assert.equal(cleanName('a\u0000b\nc'), 'abc');
  assert.equal(cleanName('<img src=x onerror=alert(1)>.png'), '<img src=x onerror=alert(1)>.png');
  assert.equal(cleanName(''), 'file');
  assert.equal(cleanName('..'), 'file');
  assert.equal(cleanName('x'.repeat(1000)).length, 255);
  const offer = parseControl(encodeControl({ t: 'offer', id: 'a', n: 1, name: '/tmp/evil\u202E', size: 1, type: '' }));
  assert.equal(offer?.t === 'offer' && offer.name, '_tmp_evil');
});

test('chunks carry transfer number and offset, and decode without copying', () => {
  const data = new Uint8Array([1, 2, 3, 4, 5]);
  const frame = encodeChunk(7, 2 ** 40 + 3, data);
  assert.equal(frame.byteLength, CHUNK_HEADER_BYTES + 5);
  const c = decodeChunk(frame);
  assert.ok(c);
  assert.equal(c.n, 7);
  assert.equal(c.offset, 2 ** 40 + 3);
  assert.deepEqual([...c.data], [1, 2, 3, 4, 5]);
  assert.equal(c.data.buffer, frame);
  // Works on a view with a non-zero offset too (what a chunked receive path may hand over).
  const padded = new Uint8Array(frame.byteLength + 3);
  padded.set(new Uint8Array(frame), 3);
  assert.equal(decodeChunk(padded.subarray(3))?.offset, 2 ** 40 + 3);
  assert.equal(decodeChunk(new ArrayBuffer(4)), null);
  const wrongKind = new Uint8Array(frame.slice(0));
  wrongKind[0] = 9;
  assert.equal(decodeChunk(wrongKind.buffer), null);
});

test('checkFile applies max-size and accept like <input accept>', () => {
  const png = { name: 'Photo.PNG', size: 100, type: 'image/png' };
  assert.equal(checkFile(png, {}), null);
  assert.equal(checkFile(png, { maxSize: 99 }), 'too-large');
  assert.equal(checkFile(png, { maxSize: 100 }), null);
  assert.equal(checkFile(png, { accept: '.png' }), null);
  assert.equal(checkFile(png, { accept: 'image/*' }), null);
  assert.equal(checkFile(png, { accept: 'application/pdf, .txt' }), 'type-not-accepted');
  assert.equal(checkFile(png, { accept: ' image/png ' }), null);
});

test('transfer ids are unique and wire-safe', () => {
  const ids = new Set(Array.from({ length: 100 }, newTransferId));
  assert.equal(ids.size, 100);
  for (const id of ids) assert.notEqual(parseControl(encodeControl({ t: 'accept', id })), null);
});

test('RateMeter reports speed over its window and an ETA', () => {
  let now = 0;
  const m = new RateMeter(1000, () => now);
  assert.equal(m.bytesPerSecond, 0);
  assert.equal(m.eta(100), null);
  m.record(0);
  now = 500; m.record(500);
  assert.equal(m.bytesPerSecond, 1000);
  assert.equal(m.eta(2000), 2);
  // Faster later: the old samples fall out of the window.
  now = 1500; m.record(1500);
  now = 2500; m.record(11500);
  assert.ok(m.bytesPerSecond > 5000, String(m.bytesPerSecond));
  m.reset();
  assert.equal(m.bytesPerSecond, 0);
  assert.equal(m.eta(0), 0);
});
