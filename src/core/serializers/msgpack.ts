/**
 * `MsgPack` serialization (p2p-kit's default): standard msgpack via msgpackr (no records, `undefined`
 * as nil), framed like PeerJS's MsgPack StreamConnection: each value's bytes are written back to
 * back and split into frames; the receiver cuts the byte stream into values. A top-level binary is
 * streamed straight from its source (never copied whole) and received straight into its final buffer.
 * msgpackr is loaded on first use (like binarypack), so pages that only make calls never fetch it and
 * the core's initial bundle stays small.
 */
import type { Packr } from 'msgpackr/pack';
import { PeerError } from '../errors.js';
import { binHeader, bulkHeader, scanValue } from './msgpack-scan.js';
import {
  PROGRESS_THRESHOLD, bytesOf, isBinary, isCloseMessage, slices,
  type Frame, type FrameWriter, type Serializer, type SerializerOptions,
} from './types.js';

const OPTIONS = { useRecords: false, encodeUndefinedAsNil: true, variableMapSize: true, copyBuffers: true, mapsAsObjects: true } as const;

/** Converts what msgpackr would mangle: typed arrays/DataView → Uint8Array, Blob → bytes. */
async function normalize(v: unknown, depth = 0): Promise<unknown> {
  if (depth > 100 || v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array || v instanceof ArrayBuffer || v instanceof Date) return v;
  if (ArrayBuffer.isView(v)) return bytesOf(v);
  if (typeof Blob === 'function' && v instanceof Blob) return new Uint8Array(await v.arrayBuffer());
  if (Array.isArray(v)) return Promise.all(v.map((x) => normalize(x, depth + 1)));
  if (v instanceof Map) {
    const m = new Map();
    for (const [k, x] of v) m.set(k, await normalize(x, depth + 1));
    return m;
  }
  if (v instanceof Set) return Promise.all([...v].map((x) => normalize(x, depth + 1)));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = await normalize(x, depth + 1);
  return out;
}

type Msgpackr = typeof import('msgpackr/pack');
let loading: Promise<Msgpackr> | undefined;
/** Loads msgpackr once (a dynamic import: its own chunk, fetched when the first MsgPack connection starts). */
export const loadMsgpackr = (): Promise<Msgpackr> => (loading ??= import('msgpackr/pack').catch((e: unknown) => { loading = undefined; throw e; }));

interface Bulk { target: Uint8Array<ArrayBuffer> | undefined; filled: number; length: number; kind: 'bin' | 'str' }

export class MsgPackSerializer implements Serializer {
  readonly name = 'MsgPack';
  private packr: Packr | undefined;
  /** Frames that arrived before msgpackr loaded, replayed in order once it has; `undefined` after. */
  private early: Frame[] | undefined = [];
  private readonly ready: Promise<Packr>;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private need = 0;
  private bulk: Bulk | undefined;
  private broken = false;

  constructor(private readonly opts: SerializerOptions) {
    this.ready = loadMsgpackr().then((m) => {
      const packr = this.packr = new m.Packr(OPTIONS);
      const early = this.early ?? [];
      this.early = undefined;
      for (const f of early) this.decode(f);
      return packr;
    });
    this.ready.catch((cause: unknown) => {
      this.early = undefined;
      this.broken = true;
      this.opts.reader.error(new PeerError('serialization', 'Could not load the MsgPack serializer', { cause }));
    });
  }

  async encode(value: unknown, out: FrameWriter): Promise<void> {
    if ((value === null || value === undefined) && !out.remoteKit) {
      throw new PeerError('serialization', 'PeerJS peers cannot receive null or undefined as a message');
    }
    if (isBinary(value)) return this.encodeBulk(value, out);
    const packr = this.packr ?? await this.ready;
    let bytes: Uint8Array;
    try {
      bytes = packr.pack(await normalize(value));
    } catch (cause) {
      throw new PeerError('serialization', `Cannot encode value: ${(cause as Error).message}`, { cause });
    }
    const total = bytes.length;
    if (total <= out.frameSize) return out.write(bytes as Uint8Array<ArrayBuffer>);
    bytes = Uint8Array.prototype.slice.call(bytes); // msgpackr reuses its buffer across pack() calls (and Node's Buffer#slice does not copy)
    for (let o = 0; o < total; o += out.frameSize) {
      await out.write(bytes.subarray(o, Math.min(total, o + out.frameSize)) as Uint8Array<ArrayBuffer>);
      out.progress(Math.min(total, o + out.frameSize), total);
    }
  }

  private async encodeBulk(value: ArrayBuffer | ArrayBufferView | Blob, out: FrameWriter): Promise<void> {
    const size = value instanceof Blob ? value.size : value.byteLength;
    if (size > 0xffffffff) throw new PeerError('message-too-big', 'Binary messages are limited to 4 GiB');
    const header = binHeader(size);
    const total = header.length + size;
    if (total <= out.frameSize) {
      const frame = new Uint8Array(total);
      frame.set(header);
      frame.set(value instanceof Blob ? new Uint8Array(await value.arrayBuffer()) : bytesOf(value), header.length);
      return out.write(frame);
    }
    await out.write(header);
    let sent = header.length;
    for await (const piece of slices(value, out.frameSize)) {
      await out.write(piece);
      sent += piece.length;
      out.progress(sent, total);
    }
  }

  decode(frame: Frame): void {
    if (this.broken) return;
    if (this.early) { this.early.push(frame); return; }
    if (typeof frame === 'string') {
      this.opts.reader.error(new PeerError('serialization', 'MsgPack connection received a text frame; ignored'));
      return;
    }
    this.feed(new Uint8Array(frame));
  }

  private feed(bytes: Uint8Array): void {
    while (bytes.length) {
      const b = this.bulk;
      if (b) {
        const take = Math.min(bytes.length, b.length - b.filled);
        b.target?.set(bytes.subarray(0, take), b.filled);
        b.filled += take;
        bytes = bytes.subarray(take);
        if (b.target) this.opts.reader.progress(b.filled, b.length);
        if (b.filled === b.length) {
          this.bulk = undefined;
          if (b.target) this.opts.reader.data(b.kind === 'str' ? new TextDecoder().decode(b.target) : b.target);
        }
        continue;
      }
      this.pending.push(bytes);
      this.pendingBytes += bytes.length;
      bytes = this.drain();
    }
  }

  /** Emits every complete value in `pending`; returns bytes to feed a bulk value that started. */
  private drain(): Uint8Array {
    const max = this.opts.maxMessageSize;
    while (this.pendingBytes > 0 && this.pendingBytes >= this.need) {
      const buf = this.pending.length === 1 ? this.pending[0]! : concat(this.pending, this.pendingBytes);
      this.pending = [buf];
      const h = bulkHeader(buf, 0, buf.length);
      if (h && (h.length >= PROGRESS_THRESHOLD || h.header + h.length > max)) {
        const refused = h.header + h.length > max;
        if (refused) this.refuse(h.header + h.length);
        this.bulk = { target: refused ? undefined : new Uint8Array(h.length), filled: 0, length: h.length, kind: h.kind };
        this.pending = [];
        this.pendingBytes = this.need = 0;
        return buf.subarray(h.header);
      }
      let r;
      try {
        r = scanValue(buf, 0, buf.length);
      } catch (cause) {
        // A corrupt msgpack stream cannot be resynchronised: stop decoding, report once.
        this.broken = true;
        this.pending = [];
        this.opts.reader.error(new PeerError('serialization', 'Received bytes are not msgpack; decoding stopped', { cause }));
        return new Uint8Array(0);
      }
      if (!r.complete) { this.need = r.need; break; }
      this.need = 0;
      this.pending = r.end < buf.length ? [buf.subarray(r.end)] : [];
      this.pendingBytes -= r.end;
      if (r.end > max) { this.refuse(r.end); continue; }
      let value: unknown;
      try {
        value = this.packr!.unpack(buf.subarray(0, r.end)); // decode() runs only once it is loaded
      } catch (cause) {
        this.opts.reader.error(new PeerError('serialization', 'Cannot decode a received message', { cause }));
        continue;
      }
      if (isCloseMessage(value)) this.opts.reader.close();
      else this.opts.reader.data(value);
    }
    return new Uint8Array(0);
  }

  private refuse(size: number): void {
    this.opts.reader.error(new PeerError('message-refused',
      `Refused a ${size}-byte message: larger than maxMessageSize (${this.opts.maxMessageSize} bytes)`));
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
