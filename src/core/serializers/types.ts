/** What a serializer needs from its DataConnection, and what it reports back. */
import type { PeerError } from '../errors.js';

/** PeerJS's serialization names (case-sensitive, as they travel in the OFFER). */
export type SerializationType = 'MsgPack' | 'binary' | 'json' | 'raw';

/** One frame as it comes off the data channel (binaryType `arraybuffer`). */
export type Frame = ArrayBuffer | string;
export type OutFrame = ArrayBuffer | Uint8Array<ArrayBuffer> | string;

/** Sending side of a connection, handed to `encode` (one message at a time, never interleaved). */
export interface FrameWriter {
  /** Hands one data-channel message over; resolves once the channel has room again (backpressure). */
  write(frame: OutFrame): Promise<void>;
  /** Largest frame to write (the channel's `maxMessageSize`, capped at 256 KiB). */
  readonly frameSize: number;
  /** Whether the other end is a p2p-kit peer (PeerJS peers get PeerJS-exact framing and limits). */
  readonly remoteKit: boolean;
  /** Reports bytes of the current message handed to the channel so far. */
  progress(bytes: number, total: number): void;
}

/** Receiving side callbacks. */
export interface FrameReader {
  data(value: unknown): void;
  /** The peer sent PeerJS's in-band close message. */
  close(): void;
  /** A message was refused or could not be decoded; the connection stays usable. */
  error(err: PeerError): void;
  progress(bytes: number, total: number): void;
}

export interface Serializer {
  readonly name: SerializationType;
  /** Encodes `value` and writes it as one or more frames. Rejects with a `PeerError` for values it cannot send. */
  encode(value: unknown, out: FrameWriter): Promise<void>;
  /** Consumes one received frame; may emit zero or more values. */
  decode(frame: Frame): void;
}

export interface SerializerOptions {
  /** Largest message accepted from the peer, in bytes. */
  maxMessageSize: number;
  reader: FrameReader;
}

/** Messages at least this big report `progress`. */
export const PROGRESS_THRESHOLD = 256 * 1024;

/** True for values sent as raw bytes. */
export function isBinary(v: unknown): v is ArrayBuffer | ArrayBufferView | Blob {
  return v instanceof ArrayBuffer || ArrayBuffer.isView(v) || (typeof Blob === 'function' && v instanceof Blob);
}

/** Byte view of a binary value that is not a Blob (no copy). */
export function bytesOf(v: ArrayBuffer | ArrayBufferView): Uint8Array<ArrayBuffer> {
  return v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer as ArrayBuffer, v.byteOffset, v.byteLength);
}

/**
 * Reads `[start, end)` of a binary source in pieces of at most `piece` bytes, one piece in memory at
 * a time (a Blob is never read whole).
 */
export async function* slices(src: ArrayBuffer | ArrayBufferView | Blob, piece: number): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  const size = src instanceof Blob ? src.size : src.byteLength;
  if (src instanceof Blob) {
    const block = Math.max(piece, Math.floor((1 << 20) / piece) * piece);
    for (let at = 0; at < size; at += block) {
      const buf = new Uint8Array(await src.slice(at, Math.min(size, at + block)).arrayBuffer());
      for (let o = 0; o < buf.length; o += piece) yield buf.subarray(o, Math.min(buf.length, o + piece));
    }
    return;
  }
  const bytes = bytesOf(src);
  for (let o = 0; o < size; o += piece) yield bytes.subarray(o, Math.min(size, o + piece));
}

/** Replaces nested Blobs by their bytes (msgpack and JSON cannot hold a Blob). */
export async function resolveBlobs(v: unknown, depth = 0): Promise<unknown> {
  if (depth > 64) return v;
  if (typeof Blob === 'function' && v instanceof Blob) return new Uint8Array(await v.arrayBuffer());
  if (Array.isArray(v)) return Promise.all(v.map((x) => resolveBlobs(x, depth + 1)));
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await resolveBlobs(x, depth + 1);
    return out;
  }
  return v;
}

/** True when a nested value contains a Blob (cheap check before `resolveBlobs`). */
export function hasBlob(v: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (typeof Blob === 'function' && v instanceof Blob) return true;
  if (Array.isArray(v)) return v.some((x) => hasBlob(x, depth + 1));
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v).some((x) => hasBlob(x, depth + 1));
  return false;
}

/** PeerJS's in-band close message `{__peerData:{type:'close'}}`. */
export function isCloseMessage(v: unknown): boolean {
  const pd = (v as { __peerData?: { type?: unknown } } | null)?.__peerData;
  return typeof pd === 'object' && pd !== null && pd.type === 'close';
}
