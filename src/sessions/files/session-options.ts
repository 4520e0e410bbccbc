/**
 * The ports and options of a {@link FileSession}: the channel it talks through, the hooks it reports
 * to, and its tuning. Shared by the session and its receiving half. No DOM, no lit.
 */
import type { Transfer, TransferState } from './transfer.js';
import type { ByteSink } from './sinks.js';

/** The narrow port a session talks through (a data connection, in the element). */
export interface FileChannel {
  /** Sends one text (control) or binary (chunk) frame, in order. */
  send(frame: string | ArrayBuffer): void;
  /** Resolves when the channel has room for more bytes (backpressure; never a timer). */
  drain(): Promise<void>;
}

/** What the session tells its owner. Called synchronously, in order. */
export interface FileSessionHooks {
  /** A new incoming offer (state `offered`): call `accept(id)`/`decline(id)`, now or later. */
  offer(t: Transfer): void;
  /** State or progress changed (`previous` equals `t.state` for pure progress). */
  change(t: Transfer, previous: TransferState): void;
  /** An incoming file arrived and its SHA-256 matched the sender's. */
  received(t: Transfer, file: File): void;
}

export interface FileSessionOptions {
  /** Remote peer id, copied into every transfer. */
  remote: string;
  hooks: FileSessionHooks;
  /** Chunk payload size in bytes. */
  chunkBytes?: number;
  /** Receiver: undecided offers allowed at once; more are declined as `busy`. */
  maxPendingOffers?: number;
  /** Receiver: bytes gathered before being sealed into a Blob (default sink). */
  flushBytes?: number;
  /** Receiver: where an accepted file's bytes go (default: a {@link BlobSink}). */
  sink?: (id: string) => ByteSink | undefined;
  /** Receiver: flow-control window announced to senders (bytes not yet stored that may be in flight). */
  windowBytes?: number;
  now?: () => number;
}
