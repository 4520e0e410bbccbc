/**
 * One file transfer as both sides see it, plus the streaming pieces it is built from. No DOM, no lit.
 *
 * SHA-256: WebCrypto's `digest()` needs the whole input at once, which would defeat constant memory,
 * so both sides hash incrementally with @noble/hashes (audited, dependency-free) as bytes stream past.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { transferDirection, type Direction, type TransferDirection } from '../direction.js';
import { encodeChunk, type DeclineReason } from './protocol.js';
import { RateMeter } from './rate-meter.js';

/**
 * Where a transfer stands.
 * - `offered`: the receiver has not decided yet.
 * - `queued`: accepted; the sender sends one file at a time, this one waits its turn.
 * - `transferring`: bytes are flowing.
 * - `paused`: the connection dropped; the transfer resumes from where it stopped when it comes back.
 * - `verifying`: all bytes sent, the sender waits for the receiver's SHA-256 verdict.
 * - `done` | `declined` | `cancelled` | `failed`: final.
 */
export type TransferState =
  | 'offered' | 'queued' | 'transferring' | 'paused' | 'verifying' | 'done' | 'declined' | 'cancelled' | 'failed';

/** Why a transfer failed. */
export type TransferFailure = 'hash-mismatch' | 'protocol' | 'read-failed' | 'write-failed' | 'connection-lost' | 'unreachable';

/** The final states: nothing more happens to a transfer in one of these. */
export const FINAL_STATES: ReadonlySet<TransferState> = new Set(['done', 'declined', 'cancelled', 'failed']);

/** A transfer as the page sees it (live object: read it, don't write it). */
export interface Transfer {
  readonly id: string;
  /** `'out'`: this side sends the file; `'in'`: it receives it. */
  readonly flow: Direction;
  /** @deprecated First spelling of {@link flow}: `'send'` (out) or `'receive'` (in). */
  readonly direction: TransferDirection;
  /** The remote peer id (the receiver's `from`, the sender's destination). */
  readonly remote: string;
  /** File name; already cleaned of paths and control characters when it came from the wire. */
  readonly name: string;
  readonly size: number;
  readonly type: string;
  readonly state: TransferState;
  /** Bytes sent (sender) or received and hashed (receiver). */
  readonly bytes: number;
  /** Current speed, bytes per second. */
  readonly bytesPerSecond: number;
  /** Seconds left at the current speed, `null` when unknown. */
  readonly eta: number | null;
  /** Lowercase hex SHA-256 of the whole file, once known. */
  readonly sha256?: string;
  /** Why it was declined (`declined` state) or failed (`failed` state). */
  readonly reason?: DeclineReason | TransferFailure;
}

/** The mutable record behind a {@link Transfer}; only the session writes it. */
export class TransferRecord implements Transfer {
  state: TransferState = 'offered';
  bytes = 0;
  sha256?: string;
  reason?: DeclineReason | TransferFailure;
  readonly meter: RateMeter;
  /** Sender: bytes the receiver says it has stored; with `window`, how far ahead of that we may be. */
  acked = 0;
  window?: number;

  constructor(
    readonly id: string,
    readonly flow: Direction,
    readonly remote: string,
    /** Chunk-header number of this transfer. */
    public n: number,
    readonly name: string,
    readonly size: number,
    readonly type: string,
    readonly lastModified: number | undefined,
    now?: () => number,
  ) {
    this.meter = new RateMeter(2000, now);
  }

  /** @deprecated See {@link Transfer.direction}. */
  get direction(): TransferDirection { return transferDirection(this.flow); }
  get bytesPerSecond(): number { return this.state === 'transferring' ? this.meter.bytesPerSecond : 0; }
  get eta(): number | null { return this.state === 'transferring' ? this.meter.eta(this.size - this.bytes) : null; }
  get final(): boolean { return FINAL_STATES.has(this.state); }
}

/** Lowercase hex of a finished hash. */
export const hex = (bytes: Uint8Array): string => bytesToHex(bytes);

/** A fresh incremental SHA-256. */
export const newHash = () => sha256.create();
export type Hash = ReturnType<typeof newHash>;

/**
 * Feeds `blob` through `hash` in stream-sized pieces (constant memory). Stops early and returns
 * `false` if `stillWanted()` turns false between pieces.
 */
export async function hashBlob(blob: Blob, hash: Hash, stillWanted: () => boolean): Promise<boolean> {
  const reader = blob.stream().getReader();
  // Bounded by the blob's size: every read returns at least one byte or `done`.
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return true;
    if (!stillWanted()) { await reader.cancel(); return false; }
    hash.update(value);
  }
}

/** Times {@link streamFile} reopens a file whose read failed before the transfer fails `read-failed`. */
export const READ_RETRIES = 3;

/** What {@link streamFile} needs from the session. */
export interface StreamIO {
  /** Chunk payload size. */
  chunk: number;
  /** False once the transfer was cancelled or the channel changed: stop at once. */
  live(): boolean;
  /** Resolves when the channel has room (backpressure). */
  room(): Promise<void>;
  send(frame: ArrayBuffer): void;
  /** Called after each chunk (`t.bytes` and its meter are updated). */
  progress(): void;
}

/**
 * Sends `file` from `t.bytes` on as chunk frames, reading it as a stream (one piece in memory at a
 * time) and hashing as it goes. When resuming, the part sent before the drop is re-read from the
 * file for the hash, so the digest always covers the whole file. Returns the lowercase hex
 * SHA-256, or `null` when `io.live()` turned false. A failed read is retried from the same offset
 * ({@link READ_RETRIES} times); then the error propagates.
 */
export async function streamFile(t: TransferRecord, file: Blob, io: StreamIO): Promise<string | null> {
  const hash = newHash();
  if (t.bytes > 0 && !await hashBlob(file.slice(0, t.bytes), hash, io.live)) return null;
  let reader = file.slice(t.bytes).stream().getReader();
  let retries = 0;
  // Bounded by the file's size: every read returns at least one byte or `done`.
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (err) {
      // Chromium fails a read of a large in-memory Blob now and then with "TypeError: network error"
      // (seen in test/net/lossy.test.ts after a 256 MiB file): reopen the stream where we are.
      if (++retries > READ_RETRIES || !io.live()) throw err;
      await new Promise((r) => setTimeout(r, 50 * retries));
      reader = file.slice(t.bytes).stream().getReader();
      continue;
    }
    const { done, value } = next;
    if (done) break;
    for (let at = 0; at < value.byteLength; at += io.chunk) {
      if (io.live()) await io.room();
      if (!io.live()) { await reader.cancel(); return null; }
      const piece = value.subarray(at, at + io.chunk);
      io.send(encodeChunk(t.n, t.bytes, piece));
      hash.update(piece);
      t.bytes += piece.byteLength;
      t.meter.record(t.bytes);
      io.progress();
    }
  }
  return io.live() ? hex(hash.digest()) : null;
}
