/** streamFile reopens a file whose read fails (Chromium's transient "network error" on big Blobs) and still sends every byte once. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { READ_RETRIES, TransferRecord, streamFile } from '../../src/sessions/files/transfer.ts';
import { decodeChunk } from '../../src/sessions/files/protocol.ts';

/** A Blob whose streams fail after `okReads` pieces, `failures` times in all; slices share the count. */
function flakyBlob(bytes: Uint8Array, failures: number, okReads = 2): Blob {
  let left = failures;
  const make = (from: number): Blob => {
    const size = bytes.length - from;
    return {
      size,
      slice: (start = 0) => make(from + start),
      stream: () => {
        let at = from, reads = 0;
        return new ReadableStream<Uint8Array>({
          pull(c) {
            if (left > 0 && reads++ >= okReads) { left--; c.error(new TypeError('network error')); return; }
            if (at >= bytes.length) { c.close(); return; }
            c.enqueue(bytes.slice(at, at + 4096));
            at += 4096;
          },
        });
      },
    } as unknown as Blob; // streamFile only slices and streams
  };
  return make(0);
}

async function send(blob: Blob, size: number): Promise<{ sha: string | null; got: Buffer }> {
  const t = new TransferRecord('t1', 'out', 'bob', 1, 'f.bin', size, '', undefined);
  const parts: Buffer[] = [];
  const sha = await streamFile(t, blob, {
    chunk: 1024, live: () => true, room: async () => {}, progress: () => {},
    send: (frame) => {
      const c = decodeChunk(frame)!;
      assert.equal(c.offset, parts.reduce((n, p) => n + p.length, 0), 'chunks are contiguous: nothing sent twice or skipped');
      parts.push(Buffer.from(c.data));
    },
  });
  return { sha, got: Buffer.concat(parts) };
}

test(`a read that fails up to ${READ_RETRIES} times is reopened at the same offset; the hash covers the whole file`, async () => {
  const bytes = randomBytes(64 * 1024);
  const { sha, got } = await send(flakyBlob(bytes, READ_RETRIES), bytes.length);
  assert.ok(got.equals(bytes));
  assert.equal(sha, createHash('sha256').update(bytes).digest('hex'));
});

test('a read that keeps failing still fails the transfer', async () => {
  const bytes = randomBytes(64 * 1024);
  await assert.rejects(send(flakyBlob(bytes, READ_RETRIES + 1), bytes.length), /network error/);
});
