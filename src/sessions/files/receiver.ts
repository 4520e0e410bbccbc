/**
 * The receiving half of a `FileSession` (./session.ts): incoming offers (and re-offers after a reconnect),
 * chunks checked against the offset they claim, the incremental SHA-256, the sink, flow-control acks
 * and the verdict sent back. The session owns the channel and the state changes and lends this half
 * the few operations it needs ({@link SessionPort}). No DOM, no lit.
 */
import {
  ACK_STEP_BYTES, DEFAULT_WINDOW_BYTES, type ControlMessage, type DeclineReason, type OfferMessage, decodeChunk,
} from './protocol.js';
import { type Hash, type TransferFailure, type TransferState, TransferRecord, hex, newHash } from './transfer.js';
import { BlobSink, type ByteSink } from './sinks.js';
import type { FileSessionOptions } from './session-options.js';

/** What the receiving half may do through its session. */
export interface SessionPort {
  readonly opts: FileSessionOptions;
  /** True while a channel is attached. */
  readonly attached: boolean;
  /** Sends a control message, if a channel is attached. */
  ctl(m: ControlMessage): void;
  set(t: TransferRecord, state: TransferState): void;
  fail(t: TransferRecord, why: TransferFailure): void;
}

/** `stored`: bytes the sink holds; `acked`: the last `ack` offset sent. */
interface Incoming { rec: TransferRecord; hash: Hash; sink?: ByteSink; stored: number; acked: number }

/** See the module comment. */
export class FileReceiver {
  private readonly inc = new Map<string, Incoming>();
  private readonly byN = new Map<number, Incoming>();

  constructor(private readonly s: SessionPort) {}

  /** Incoming transfers, oldest first. */
  get transfers(): TransferRecord[] { return [...this.inc.values()].map((i) => i.rec); }

  get(id: string): TransferRecord | undefined { return this.inc.get(id)?.rec; }

  accept(id: string): void {
    const i = this.inc.get(id);
    if (!i || i.rec.state !== 'offered') return;
    i.sink = this.s.opts.sink?.(id) ?? new BlobSink(this.s.opts.flushBytes);
    this.s.set(i.rec, this.s.attached ? 'transferring' : 'paused');
    this.s.ctl({ t: 'accept', id, window: this.window });
  }

  decline(id: string, reason: DeclineReason): void {
    const i = this.inc.get(id);
    if (!i || i.rec.state !== 'offered') return;
    i.rec.reason = reason;
    this.s.set(i.rec, 'declined');
    this.s.ctl({ t: 'decline', id, reason });
  }

  /** Drops the bytes an incoming transfer that just ended still held. */
  release(id: string): void {
    const i = this.inc.get(id);
    i?.sink?.clear();
    if (i) i.sink = undefined;
  }

  offer(m: OfferMessage): void {
    const known = this.inc.get(m.id);
    if (known) {
      // The sender re-offers after a reconnect: pick up where we are.
      this.byN.delete(known.rec.n);
      known.rec.n = m.n;
      this.byN.set(m.n, known);
      const r = known.rec;
      if (r.state === 'paused' || r.state === 'transferring') {
        this.s.set(r, 'transferring');
        r.meter.reset();
        this.s.ctl({ t: 'resume', id: r.id, offset: r.bytes, window: this.window });
      } else if (r.state === 'done') this.s.ctl({ t: 'received', id: r.id, ok: true });
      else if (r.state === 'declined') this.s.ctl({ t: 'decline', id: r.id, reason: r.reason as DeclineReason });
      else if (r.final) this.s.ctl({ t: 'cancel', id: r.id });
      return;
    }
    const { opts } = this.s;
    const rec = new TransferRecord(m.id, 'in', opts.remote, m.n, m.name, m.size, m.type, m.lastModified, opts.now);
    const pending = this.transfers.filter((t) => t.state === 'offered').length;
    const i: Incoming = { rec, hash: newHash(), stored: 0, acked: 0 };
    this.inc.set(m.id, i);
    this.byN.set(m.n, i);
    if (pending >= (opts.maxPendingOffers ?? 64)) { this.decline(m.id, 'busy'); return; }
    opts.hooks.change(rec, rec.state);
    opts.hooks.offer(rec);
  }

  chunk(frame: ArrayBuffer | ArrayBufferView): void {
    const c = decodeChunk(frame);
    const i = c ? this.byN.get(c.n) : undefined;
    // Chunks still in flight after a cancel or decline are expected: drop them quietly.
    if (!c || !i || i.rec.state !== 'transferring') return;
    const r = i.rec;
    if (c.offset !== r.bytes || r.bytes + c.data.byteLength > r.size) { this.s.fail(r, 'protocol'); return; }
    i.hash.update(c.data);
    const n = c.data.byteLength;
    const sink = i.sink;
    const writing = sink?.write(c.data as Uint8Array<ArrayBuffer>);
    if (writing) {
      writing.then(() => { if (i.sink === sink) this.stored(i, n); }, () => {
        if (i.sink !== sink || r.final) return;
        this.s.fail(r, 'write-failed');
        this.s.ctl({ t: 'cancel', id: r.id });
      });
    } else this.stored(i, n);
    r.bytes += n;
    r.meter.record(r.bytes);
    this.s.opts.hooks.change(r, r.state);
  }

  /** The sender's `done`: compare hashes, answer `received`, finish the sink, report the file. */
  async done(id: string, sha: string): Promise<void> {
    const i = this.inc.get(id);
    if (!i || i.rec.state !== 'transferring') return;
    const r = i.rec;
    if (r.bytes !== r.size) { this.s.fail(r, 'protocol'); return; }
    r.sha256 = hex(i.hash.digest());
    const ok = r.sha256 === sha;
    this.s.ctl({ t: 'received', id, ok });
    if (!ok) { this.s.fail(r, 'hash-mismatch'); return; }
    let file: File;
    try {
      file = await (i.sink ?? new BlobSink()).finish(r.name, r.type, r.lastModified);
    } catch {
      this.s.fail(r, 'write-failed');
      return;
    }
    if (r.final) return; // cancelled while the last bytes were stored
    i.sink = undefined;
    this.s.set(r, 'done');
    this.s.opts.hooks.received(r, file);
  }

  private get window(): number { return this.s.opts.windowBytes ?? DEFAULT_WINDOW_BYTES; }

  /**
   * `n` more bytes are stored; ack every {@link ACK_STEP_BYTES} (a quarter window when that is
   * smaller, so the sender never stalls waiting for an ack that is not due) and at the end.
   */
  private stored(i: Incoming, n: number): void {
    i.stored += n;
    const step = Math.min(ACK_STEP_BYTES, Math.floor(this.window / 4));
    if (i.rec.final || (i.stored - i.acked < step && i.stored < i.rec.size)) return;
    i.acked = i.stored;
    this.s.ctl({ t: 'ack', id: i.rec.id, offset: i.stored });
  }
}
