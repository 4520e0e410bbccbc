/**
 * `binary` serialization: PeerJS's BinaryPack format and chunking, byte for byte (PROTOCOL.md §3.3).
 * Messages over 16300 packed bytes go as `{__peerData: id, n, data, total}` chunks. A top-level
 * binary is chunked straight from its source without packing it whole first. binarypack is loaded
 * on first use so it stays out of bundles that never use `binary`.
 */
import { PeerError } from '../errors.js';
import {
  PROGRESS_THRESHOLD, bytesOf, isBinary, isCloseMessage, slices,
  type Frame, type FrameWriter, type Serializer, type SerializerOptions,
} from './types.js';

type BinaryPack = typeof import('peerjs-js-binarypack');
let loading: Promise<BinaryPack> | undefined;
/** Loads binarypack once (dynamic import keeps it out of the core bundle unless used). */
export const loadBinaryPack = (): Promise<BinaryPack> => (loading ??= import('peerjs-js-binarypack'));

/** PeerJS's chunk payload size (`util.chunkedMTU`). */
export const CHUNK = 16300;

/** binarypack header of a raw binary of `length` bytes (`a0+n`, `da` u16, `db` u32). */
export function binaryPackHeader(length: number): Uint8Array<ArrayBuffer> {
  if (length < 16) return new Uint8Array([0xa0 + length]);
  if (length < 0x10000) return new Uint8Array([0xda, length >> 8, length & 0xff]);
  return new Uint8Array([0xdb, (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff]);
}

/** A chunked message being reassembled; `seen` marks received chunk indexes (none kept when refused). */
interface Partial { buf: Uint8Array<ArrayBuffer> | undefined; seen: Uint8Array | undefined; count: number; total: number; bytes: number; refused: boolean }

/**
 * Most chunked messages reassembled at once. Senders chunk one message at a time (an unordered
 * channel may overlap two); more means a broken or hostile peer, and each costs memory.
 */
export const MAX_PARTIAL_MESSAGES = 16;

export class BinarySerializer implements Serializer {
  readonly name = 'binary';
  private nextId = 1;
  private partial = new Map<number, Partial>();
  private bp: BinaryPack | undefined;
  private queue: Frame[] = [];

  constructor(private readonly opts: SerializerOptions) {
    void loadBinaryPack().then((bp) => { this.bp = bp; const q = this.queue; this.queue = []; q.forEach((f) => this.decode(f)); });
  }

  async encode(value: unknown, out: FrameWriter): Promise<void> {
    const bp = this.bp ?? await loadBinaryPack();
    if ((value === null || value === undefined) && !out.remoteKit) {
      throw new PeerError('serialization', 'PeerJS peers cannot receive null or undefined as a message');
    }
    if (isBinary(value) && (value instanceof Blob ? value.size : value.byteLength) + 5 > CHUNK) {
      return this.encodeChunked(bp, value, out);
    }
    let packed: ArrayBuffer;
    try {
      packed = await bp.pack(value as Parameters<BinaryPack['pack']>[0]) as ArrayBuffer;
    } catch (cause) {
      throw new PeerError('serialization', `Cannot encode value: ${(cause as Error).message}`, { cause });
    }
    if (packed.byteLength <= CHUNK) return out.write(packed);
    const bytes = new Uint8Array(packed);
    const total = Math.ceil(bytes.length / CHUNK), id = this.nextId++;
    for (let n = 0; n < total; n++) {
      await out.write(bp.pack({ __peerData: id, n, data: bytes.subarray(n * CHUNK, (n + 1) * CHUNK), total }) as ArrayBuffer);
      if (bytes.length >= PROGRESS_THRESHOLD) out.progress(Math.min(bytes.length, (n + 1) * CHUNK), bytes.length);
    }
  }

  /** Chunks header + source bytes as PeerJS would chunk the packed value, one chunk in memory at a time. */
  private async encodeChunked(bp: BinaryPack, value: ArrayBuffer | ArrayBufferView | Blob, out: FrameWriter): Promise<void> {
    const size = value instanceof Blob ? value.size : value.byteLength;
    const header = binaryPackHeader(size);
    const length = header.length + size;
    const total = Math.ceil(length / CHUNK), id = this.nextId++;
    let chunk = new Uint8Array(CHUNK);
    chunk.set(header);
    let fill = header.length, n = 0, sent = 0;
    const flush = async (): Promise<void> => {
      await out.write(bp.pack({ __peerData: id, n, data: chunk.subarray(0, fill), total }) as ArrayBuffer);
      sent += fill;
      n++;
      out.progress(sent, length);
      chunk = new Uint8Array(CHUNK);
      fill = 0;
    };
    for await (const piece of slices(value, CHUNK)) {
      let o = 0;
      while (o < piece.length) {
        const take = Math.min(CHUNK - fill, piece.length - o);
        chunk.set(piece.subarray(o, o + take), fill);
        fill += take;
        o += take;
        if (fill === CHUNK) await flush();
      }
    }
    if (fill > 0) await flush();
  }

  decode(frame: Frame): void {
    if (!this.bp) { this.queue.push(frame); return; }
    if (typeof frame === 'string') {
      this.opts.reader.error(new PeerError('serialization', 'binary connection received a text frame; ignored'));
      return;
    }
    this.handle(frame);
  }

  private handle(bytes: ArrayBuffer): void {
    let v: unknown;
    try {
      v = this.bp!.unpack(bytes);
    } catch (cause) {
      this.opts.reader.error(new PeerError('serialization', 'Cannot decode a received message', { cause }));
      return;
    }
    const pd = (v as { __peerData?: unknown } | null)?.__peerData;
    if (isCloseMessage(v)) return this.opts.reader.close();
    if (!pd) return this.opts.reader.data(v);
    const c = v as { __peerData: number; n: number; total: number; data: ArrayBuffer | Uint8Array };
    if (typeof c.n !== 'number' || typeof c.total !== 'number' || !c.data) return this.opts.reader.data(v);
    this.chunk(c.__peerData, c.n, c.total, c.data instanceof ArrayBuffer ? new Uint8Array(c.data) : bytesOf(c.data));
  }

  /**
   * Stores chunk `n` of `total` of message `id`. Everything about a chunk comes from the peer, so it is
   * checked before it is used: integer `0 <= n < total`, the same `total` for every chunk of a
   * message, full-size chunks except the last, no repeats, and a `total` that fits `maxMessageSize`
   * before the reassembly buffer is allocated. A bad chunk drops its message with one `serialization`
   * error (its other chunks are then ignored); the connection stays usable.
   */
  private chunk(id: number, n: number, total: number, data: Uint8Array): void {
    const max = this.opts.maxMessageSize;
    let p = this.partial.get(id);
    const bad = (why: string): void => {
      if (p) {
        // Drop what was stored but keep counting, so the message's remaining chunks are absorbed quietly.
        Object.assign(p, { buf: undefined, seen: undefined, refused: true });
        if (++p.count >= p.total) this.partial.delete(id);
      }
      this.opts.reader.error(new PeerError('serialization', `Dropped a chunked message: ${why}`));
    };
    if (!Number.isSafeInteger(total) || total < 1) return bad(`invalid chunk count ${total}`);
    if (!Number.isSafeInteger(n) || n < 0 || n >= total) return bad(`chunk index ${n} out of range 0..${total - 1}`);
    if (data.length > CHUNK || (n < total - 1 && data.length !== CHUNK)) return bad(`chunk ${n} of ${total} has ${data.length} bytes`);
    if (p && p.total !== total) return bad(`chunk ${n} says ${total} chunks, earlier ones ${p.total}`);
    if (!p) {
      if (this.partial.size >= MAX_PARTIAL_MESSAGES) return bad(`more than ${MAX_PARTIAL_MESSAGES} chunked messages at once`);
      // The message has at least (total - 1) full chunks and one byte: refuse before allocating anything.
      const refused = (total - 1) * CHUNK >= max;
      if (refused) {
        this.opts.reader.error(new PeerError('message-refused',
          `Refused a message of about ${total * CHUNK} bytes: larger than maxMessageSize (${max} bytes)`));
      }
      // Chunks are CHUNK bytes except the last, so every chunk has a known place: one buffer, one copy.
      p = refused
        ? { buf: undefined, seen: undefined, count: 0, total, bytes: 0, refused }
        : { buf: new Uint8Array(total * CHUNK), seen: new Uint8Array(total), count: 0, total, bytes: 0, refused };
      this.partial.set(id, p);
    }
    if (p.seen) {
      if (p.seen[n]) return bad(`chunk ${n} of ${total} arrived twice`);
      p.seen[n] = 1;
    }
    p.buf?.set(data, n * CHUNK);
    p.count++;
    p.bytes += data.length;
    if (!p.refused && p.total * CHUNK >= PROGRESS_THRESHOLD) this.opts.reader.progress(p.bytes, p.count === p.total ? p.bytes : p.total * CHUNK);
    if (p.count < p.total) return;
    this.partial.delete(id);
    if (p.buf) this.handle(p.buf.buffer.slice(0, p.bytes));
  }
}
