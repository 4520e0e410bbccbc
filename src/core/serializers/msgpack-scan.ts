/**
 * Finds where one msgpack value ends in a byte stream without decoding it, so the MsgPack stream
 * (PeerJS StreamConnection framing: values back to back, split into frames at arbitrary points)
 * can be cut into values and a big binary can be received straight into its final buffer.
 */

/** Result of {@link scanValue}: `complete` with the end offset, or the least total length still needed. */
export type ScanResult = { complete: true; end: number } | { complete: false; need: number };

const FIXED: Record<number, number> = {
  0xc0: 1, 0xc2: 1, 0xc3: 1, 0xca: 5, 0xcb: 9, 0xcc: 2, 0xcd: 3, 0xce: 5, 0xcf: 9,
  0xd0: 2, 0xd1: 3, 0xd2: 5, 0xd3: 9, 0xd4: 3, 0xd5: 4, 0xd6: 6, 0xd7: 10, 0xd8: 18,
};

/** Variable-length types: [length bytes, extra header bytes after the length, what the length counts]. */
const VARIABLE: Record<number, [number, number, 'bytes' | 'items' | 'pairs']> = {
  0xc4: [1, 0, 'bytes'], 0xc5: [2, 0, 'bytes'], 0xc6: [4, 0, 'bytes'],
  0xc7: [1, 1, 'bytes'], 0xc8: [2, 1, 'bytes'], 0xc9: [4, 1, 'bytes'],
  0xd9: [1, 0, 'bytes'], 0xda: [2, 0, 'bytes'], 0xdb: [4, 0, 'bytes'],
  0xdc: [2, 0, 'items'], 0xdd: [4, 0, 'items'], 0xde: [2, 0, 'pairs'], 0xdf: [4, 0, 'pairs'],
};

function uint(buf: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + buf[at + i]!;
  return v;
}

/** Scans one value starting at `start` within `buf[0..end)`. Throws on bytes that are not msgpack (0xc1). */
export function scanValue(buf: Uint8Array, start: number, end: number): ScanResult {
  let pos = start;
  let remaining = 1;
  while (remaining > 0) {
    if (pos >= end) return { complete: false, need: pos + 1 };
    const b = buf[pos]!;
    remaining--;
    if (b <= 0x7f || b >= 0xe0) { pos += 1; continue; }
    if (b <= 0x8f) { pos += 1; remaining += 2 * (b & 0x0f); continue; }
    if (b <= 0x9f) { pos += 1; remaining += b & 0x0f; continue; }
    if (b <= 0xbf) { pos += 1 + (b & 0x1f); continue; }
    const fixed = FIXED[b];
    if (fixed) { pos += fixed; continue; }
    const s = VARIABLE[b];
    if (!s) throw new Error(`Invalid msgpack byte 0x${b.toString(16)}`);
    const [n, extra, kind] = s;
    if (pos + 1 + n > end) return { complete: false, need: pos + 1 + n };
    const len = uint(buf, pos + 1, n);
    pos += 1 + n + extra;
    if (kind === 'bytes') pos += len;
    else remaining += kind === 'items' ? len : 2 * len;
  }
  return pos <= end ? { complete: true, end: pos } : { complete: false, need: pos };
}

/**
 * If a value at `start` is a top-level bin or str, returns its header length, payload length and
 * kind (used to stream big binaries straight into place); otherwise undefined.
 */
export function bulkHeader(buf: Uint8Array, start: number, end: number):
  { header: number; length: number; kind: 'bin' | 'str' } | undefined {
  const b = buf[start];
  const n = b === 0xc4 || b === 0xd9 ? 1 : b === 0xc5 || b === 0xda ? 2 : b === 0xc6 || b === 0xdb ? 4 : 0;
  if (!n || start + 1 + n > end) return undefined;
  return { header: 1 + n, length: uint(buf, start + 1, n), kind: b! >= 0xd9 ? 'str' : 'bin' };
}

/** msgpack header for a bin of `length` bytes (smallest form). */
export function binHeader(length: number): Uint8Array<ArrayBuffer> {
  if (length < 0x100) return new Uint8Array([0xc4, length]);
  if (length < 0x10000) return new Uint8Array([0xc5, length >> 8, length & 0xff]);
  return new Uint8Array([0xc6, (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff]);
}
