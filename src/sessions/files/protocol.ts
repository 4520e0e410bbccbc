/**
 * The <p2p-file-drop> wire: what two file-drop elements say to each other over one ordered, reliable
 * data connection with `raw` serialization (so bytes reach the channel untouched, with no per-chunk
 * re-packing and no PeerJS 16300-byte chunker in the way).
 *
 * - Control messages are JSON text frames ({@link ControlMessage}), parsed from untrusted input by
 *   {@link parseControl}: anything malformed yields `null` and is ignored.
 * - File bytes are binary frames: a 16-byte header (kind, transfer number, offset) + payload
 *   ({@link encodeChunk}/{@link decodeChunk}). Carrying the offset makes every chunk self-checking:
 *   the receiver refuses bytes that are not exactly where it expects them.
 *
 * Flow: sender `offer` → receiver `accept` (offset 0) or `decline` → chunks → sender `done` (with the
 * sender's SHA-256) → receiver `received` (did it match?). Either side may `cancel` at any time.
 * Flow control: `accept`/`resume` carry a `window` (bytes); the receiver `ack`s what it has stored
 * (on disk or in the blob store), and the sender never has more than `window` bytes un-acked. A data
 * channel has no receive-side backpressure, so without this a receiver whose disk is slower than
 * the network would pile up frames in page memory. A receiver that sends no `window` gets no wait.
 * After a dropped connection the sender re-offers the same `id`; a receiver holding part of it answers
 * `resume` with the byte count it already has, and the sender continues from there.
 *
 * No DOM, no lit: runs (and is tested) in Node.
 */

/** Label of the data connection, so the receiving element can tell it apart from chat etc. */
export const FILE_CHANNEL_LABEL = 'p2p-file-drop';
/** Protocol version, sent in the connection metadata. */
export const FILE_PROTOCOL_VERSION = 1;
/** Bytes of chunk header. */
export const CHUNK_HEADER_BYTES = 16;
/**
 * Default chunk payload, chosen so a whole frame (header + payload) is exactly 64 KiB: every current
 * browser's SCTP stack accepts that (`max-message-size` is 64 KiB in Safari, 256 KiB in Chromium);
 * smaller chunks cost throughput.
 */
export const DEFAULT_CHUNK_BYTES = 64 * 1024 - CHUNK_HEADER_BYTES;
/** Longest file name accepted from the wire (longer ones are cut, not refused). */
export const MAX_NAME_LENGTH = 255;
/** Receiver's flow-control window: the most bytes in flight or waiting to be stored, per transfer. */
export const DEFAULT_WINDOW_BYTES = 8 * 1024 * 1024;
/** Receiver acks after storing this many more bytes (and at the end). */
export const ACK_STEP_BYTES = 1024 * 1024;
const MAX_ID_LENGTH = 64;
const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const KIND_CHUNK = 1;

/** Why a file offer was declined. `declined`: a person or page said no. */
export type DeclineReason = 'declined' | 'too-large' | 'type-not-accepted' | 'busy';

/** The sender's description of one file. */
export interface OfferMessage {
  t: 'offer';
  /** Transfer id, unique per sender; stays the same across a resume. */
  id: string;
  /** Number used in chunk headers for this transfer (per connection). */
  n: number;
  name: string;
  size: number;
  /** MIME type as the sender's browser reported it (may be ''). */
  type: string;
  lastModified?: number;
}
/** Receiver: send it; keep at most `window` bytes un-acked (absent: no limit). */
export interface AcceptMessage { t: 'accept'; id: string; window?: number }
/** Receiver: I already hold `offset` bytes of `id`; continue from there. */
export interface ResumeMessage { t: 'resume'; id: string; offset: number; window?: number }
/** Receiver: the first `offset` bytes of `id` are stored (flow control). */
export interface AckMessage { t: 'ack'; id: string; offset: number }
export interface DeclineMessage { t: 'decline'; id: string; reason: DeclineReason }
/** Either side: stop this transfer; no more bytes will be sent or accepted. */
export interface CancelMessage { t: 'cancel'; id: string }
/** Sender: all bytes sent; `sha256` is lowercase hex of the whole file. */
export interface DoneMessage { t: 'done'; id: string; sha256: string }
/** Receiver: verification result. */
export interface ReceivedMessage { t: 'received'; id: string; ok: boolean }

export type ControlMessage =
  | OfferMessage | AcceptMessage | ResumeMessage | AckMessage | DeclineMessage | CancelMessage | DoneMessage | ReceivedMessage;

/** A decoded binary frame. `data` is a view into the frame (no copy). */
export interface Chunk { n: number; offset: number; data: Uint8Array }

const DECLINE_REASONS: ReadonlySet<string> = new Set(['declined', 'too-large', 'type-not-accepted', 'busy']);

/** Serialises a control message as a text frame. */
export function encodeControl(msg: ControlMessage): string {
  return JSON.stringify(msg);
}

const isId = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_ID_LENGTH && ID_RE.test(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
/** A flow-control window must let at least one chunk through, or the sender could never move. */
const isWindow = (v: unknown): v is number => isCount(v) && v >= 64 * 1024;

/**
 * Parses a text frame from the remote side. Returns `null` for anything that is not a well-formed
 * control message (wrong JSON, unknown `t`, bad id, negative size, …). Strings are never interpreted:
 * a file name is just text and must be rendered as such.
 */
export function parseControl(frame: string): ControlMessage | null {
  let v: unknown;
  try { v = JSON.parse(frame); } catch { return null; }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if (!isId(o.id)) return null;
  const id = o.id;
  switch (o.t) {
    case 'offer': {
      if (!isCount(o.n) || o.n > 0xffffffff || !isCount(o.size) || typeof o.name !== 'string') return null;
      const type = typeof o.type === 'string' && o.type.length <= 255 ? o.type : '';
      const msg: OfferMessage = { t: 'offer', id, n: o.n, name: cleanName(o.name), size: o.size, type };
      if (isCount(o.lastModified)) msg.lastModified = o.lastModified;
      return msg;
    }
    case 'accept': return isWindow(o.window) ? { t: 'accept', id, window: o.window } : { t: 'accept', id };
    case 'resume':
      if (!isCount(o.offset)) return null;
      return isWindow(o.window) ? { t: 'resume', id, offset: o.offset, window: o.window } : { t: 'resume', id, offset: o.offset };
    case 'ack': return isCount(o.offset) ? { t: 'ack', id, offset: o.offset } : null;
    case 'decline':
      return { t: 'decline', id, reason: typeof o.reason === 'string' && DECLINE_REASONS.has(o.reason) ? o.reason as DeclineReason : 'declined' };
    case 'cancel': return { t: 'cancel', id };
    case 'done':
      return typeof o.sha256 === 'string' && /^[0-9a-f]{64}$/.test(o.sha256) ? { t: 'done', id, sha256: o.sha256 } : null;
    case 'received': return typeof o.ok === 'boolean' ? { t: 'received', id, ok: o.ok } : null;
    default: return null;
  }
}

/**
 * Makes a remote file name safe to use as a `File` name and to show: strips path separators
 * (a name is never a path), control characters and bidi overrides (which can disguise an
 * extension, e.g. `invoice\u202Efdp.exe`), and caps the length. HTML in names is left as is: the
 * element renders names as text, never as markup.
 */
export function cleanName(name: string): string {
  // eslint-disable-next-line no-control-regex
  let s = name.replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  s = s.replace(/[/\\]/g, '_').trim();
  if (s === '' || s === '.' || s === '..') s = 'file';
  return s.length > MAX_NAME_LENGTH ? s.slice(0, MAX_NAME_LENGTH) : s;
}

/** Builds one binary chunk frame: header + a copy of `data`. */
export function encodeChunk(n: number, offset: number, data: Uint8Array): ArrayBuffer {
  const buf = new ArrayBuffer(CHUNK_HEADER_BYTES + data.byteLength);
  const view = new DataView(buf);
  view.setUint8(0, KIND_CHUNK);
  view.setUint32(4, n);
  view.setFloat64(8, offset);
  new Uint8Array(buf, CHUNK_HEADER_BYTES).set(data);
  return buf;
}

/** Reads a binary frame; `null` if it is not a chunk frame. Accepts ArrayBuffer or any view. */
export function decodeChunk(frame: ArrayBuffer | ArrayBufferView): Chunk | null {
  const bytes = frame instanceof ArrayBuffer
    ? new Uint8Array(frame)
    : new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
  if (bytes.byteLength < CHUNK_HEADER_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== KIND_CHUNK) return null;
  const offset = view.getFloat64(8);
  if (!Number.isSafeInteger(offset) || offset < 0) return null;
  return { n: view.getUint32(4), offset, data: bytes.subarray(CHUNK_HEADER_BYTES) };
}

/**
 * Checks a file against a receiver's or sender's limits, `accept` being the same comma-separated
 * list `<input type=file accept>` takes (`.png`, `image/*`, `application/pdf`). Returns the reason
 * to refuse, or `null` when the file is fine.
 */
export function checkFile(
  file: { name: string; size: number; type: string },
  limits: { maxSize?: number | null; accept?: string | null },
): DeclineReason | null {
  if (limits.maxSize != null && limits.maxSize >= 0 && file.size > limits.maxSize) return 'too-large';
  const accept = (limits.accept ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (accept.length === 0) return null;
  const name = file.name.toLowerCase();
  const type = file.type.toLowerCase();
  const ok = accept.some((a) => a.startsWith('.') ? name.endsWith(a)
    : a.endsWith('/*') ? type.startsWith(a.slice(0, -1))
      : type === a);
  return ok ? null : 'type-not-accepted';
}

/** A fresh random transfer id (URL-safe). */
export function newTransferId(): string {
  const b = new Uint8Array(12);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
