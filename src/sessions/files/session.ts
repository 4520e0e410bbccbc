/**
 * The file-transfer engine between this page and one remote peer: a multi-file queue in both
 * directions over one {@link FileChannel}, surviving channel replacement (resume). Pure logic: the
 * element supplies the channel and turns the hooks into DOM events; Node tests supply an in-memory pipe.
 */
import {
  ACK_STEP_BYTES, DEFAULT_CHUNK_BYTES, DEFAULT_WINDOW_BYTES, type ControlMessage, type DeclineReason, type OfferMessage,
  decodeChunk, encodeControl, newTransferId, parseControl,
} from './protocol.js';
import {
  type Hash, type Transfer, type TransferFailure, type TransferState, TransferRecord,
  hex, newHash, streamFile,
} from './transfer.js';
import { BlobSink, type ByteSink } from './sinks.js';

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

/** A one-shot promise with its trigger (Promise.withResolvers is not in Node 20). */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((r) => { fire = r; });
  return { promise, fire };
}

/** `stored`: bytes the sink holds; `acked`: the last `ack` offset sent. */
interface Incoming { rec: TransferRecord; hash: Hash; sink?: ByteSink; stored: number; acked: number }

/** See the module comment. */
export class FileSession {
  private readonly out = new Map<string, TransferRecord>();
  private readonly inc = new Map<string, Incoming>();
  private readonly incByN = new Map<number, Incoming>();
  private channel: FileChannel | null = null;
  private readonly files = new Map<string, File>();
  /** Accepted outgoing ids in accept order: files go out in the order the receiver said yes. */
  private order: string[] = [];
  private nextN = 1;
  private pumping = false;
  /** Settles whenever the channel changes, so a send loop waiting for `drain()` never hangs on a dead one. */
  private channelChanged = signal();
  /** Settles on every ack and every final state, so a sender waiting for window room re-checks. */
  private acked = signal();

  constructor(private readonly opts: FileSessionOptions) {}

  /** Every transfer, both directions, oldest first. */
  get transfers(): Transfer[] {
    return [...this.out.values(), ...[...this.inc.values()].map((i) => i.rec)];
  }

  get(id: string): Transfer | undefined { return this.out.get(id) ?? this.inc.get(id)?.rec; }

  /** True when a channel is attached. */
  get attached(): boolean { return this.channel !== null; }

  /** True while some transfer still needs the connection (to keep it, or to reconnect for it). */
  get busy(): boolean { return this.transfers.some((t) => !['done', 'declined', 'cancelled', 'failed'].includes(t.state)); }

  /** Uses `channel` from now on, and re-offers unfinished outgoing transfers so they resume. */
  attach(channel: FileChannel): void {
    this.swap(channel);
    for (const t of this.out.values()) {
      if (t.state === 'queued' || t.state === 'transferring') this.set(t, 'paused');
      if (t.state === 'offered' || t.state === 'paused' || t.state === 'verifying') this.sendOffer(t);
    }
  }

  /** The channel is gone: running transfers pause (the sending loop notices and stops). */
  detach(): void {
    this.swap(null);
    for (const t of [...this.out.values(), ...[...this.inc.values()].map((i) => i.rec)]) {
      if (t.state === 'transferring' || t.state === 'queued') this.set(t, 'paused');
    }
  }

  private swap(channel: FileChannel | null): void {
    this.channel = channel;
    this.channelChanged.fire();
    this.channelChanged = signal();
  }

  /** Gives up on every unfinished transfer (the link is not coming back): they fail with `why`. */
  abandon(why: 'connection-lost' | 'unreachable' = 'connection-lost'): void {
    for (const t of [...this.out.values(), ...[...this.inc.values()].map((i) => i.rec)]) this.fail(t, why);
  }

  /** Offers `file` to the remote side; bytes flow once it accepts. */
  send(file: File): Transfer {
    const t = new TransferRecord(newTransferId(), 'out', this.opts.remote, this.nextN++, file.name, file.size,
      file.type, file.lastModified, this.opts.now);
    this.files.set(t.id, file);
    this.out.set(t.id, t);
    this.opts.hooks.change(t, t.state);
    this.sendOffer(t);
    return t;
  }

  /** Receiver: agrees to an offer. No-op unless the transfer is `offered`. */
  accept(id: string): void {
    const i = this.inc.get(id);
    if (!i || i.rec.state !== 'offered') return;
    i.sink = this.opts.sink?.(id) ?? new BlobSink(this.opts.flushBytes);
    this.set(i.rec, this.channel ? 'transferring' : 'paused');
    this.ctl({ t: 'accept', id, window: this.window });
  }

  /** Receiver: refuses an offer. No-op unless the transfer is `offered`. */
  decline(id: string, reason: DeclineReason = 'declined'): void {
    const i = this.inc.get(id);
    if (!i || i.rec.state !== 'offered') return;
    i.rec.reason = reason;
    this.set(i.rec, 'declined');
    this.ctl({ t: 'decline', id, reason });
  }

  /** Either side: stops a transfer that is not final yet and tells the other side. */
  cancel(id: string): void {
    const t = this.get(id) as TransferRecord | undefined;
    if (!t || t.final) return;
    this.end(t, 'cancelled');
    this.ctl({ t: 'cancel', id });
  }

  /** Feeds one frame from the channel. Malformed frames are ignored. */
  handle(frame: string | ArrayBuffer | ArrayBufferView): void {
    if (typeof frame !== 'string') { this.onChunk(frame); return; }
    const m = parseControl(frame);
    if (m) this.onControl(m);
  }

  private onControl(m: ControlMessage): void {
    const o = this.out.get(m.id);
    switch (m.t) {
      case 'offer': this.onOffer(m); return;
      case 'accept': if (o?.state === 'offered') { o.window = m.window; this.queue(o, 0); } return;
      case 'resume':
        if (o && (o.state === 'offered' || o.state === 'paused' || o.state === 'verifying')) {
          o.window = m.window;
          if (m.offset > o.size) this.fail(o, 'protocol'); else this.queue(o, m.offset);
        }
        return;
      case 'ack':
        if (o && !o.final && m.offset > o.acked) { o.acked = Math.min(m.offset, o.size); this.wakeSender(); }
        return;
      case 'decline': if (o && !o.final) { o.reason = m.reason; this.end(o, 'declined'); } return;
      case 'cancel': { const t = o ?? this.inc.get(m.id)?.rec; if (t && !t.final) this.end(t, 'cancelled'); return; }
      case 'received':
        if (o?.state === 'verifying') { if (m.ok) this.end(o, 'done'); else this.fail(o, 'hash-mismatch'); }
        return;
      case 'done': void this.onDone(m.id, m.sha256); return;
    }
  }

  private onOffer(m: OfferMessage): void {
    const known = this.inc.get(m.id);
    if (known) {
      // The sender re-offers after a reconnect: pick up where we are.
      this.incByN.delete(known.rec.n);
      known.rec.n = m.n;
      this.incByN.set(m.n, known);
      const r = known.rec;
      if (r.state === 'paused' || r.state === 'transferring') {
        this.set(r, 'transferring');
        r.meter.reset();
        this.ctl({ t: 'resume', id: r.id, offset: r.bytes, window: this.window });
      } else if (r.state === 'done') this.ctl({ t: 'received', id: r.id, ok: true });
      else if (r.state === 'declined') this.ctl({ t: 'decline', id: r.id, reason: r.reason as DeclineReason });
      else if (r.final) this.ctl({ t: 'cancel', id: r.id });
      return;
    }
    const rec = new TransferRecord(m.id, 'in', this.opts.remote, m.n, m.name, m.size, m.type, m.lastModified,
      this.opts.now);
    const pending = [...this.inc.values()].filter((i) => i.rec.state === 'offered').length;
    const i: Incoming = { rec, hash: newHash(), stored: 0, acked: 0 };
    this.inc.set(m.id, i);
    this.incByN.set(m.n, i);
    if (pending >= (this.opts.maxPendingOffers ?? 64)) { this.decline(m.id, 'busy'); return; }
    this.opts.hooks.change(rec, rec.state);
    this.opts.hooks.offer(rec);
  }

  private onChunk(frame: ArrayBuffer | ArrayBufferView): void {
    const c = decodeChunk(frame);
    const i = c ? this.incByN.get(c.n) : undefined;
    // Chunks still in flight after a cancel or decline are expected: drop them quietly.
    if (!c || !i || i.rec.state !== 'transferring') return;
    const r = i.rec;
    if (c.offset !== r.bytes || r.bytes + c.data.byteLength > r.size) { this.fail(r, 'protocol'); return; }
    i.hash.update(c.data);
    const n = c.data.byteLength;
    const sink = i.sink;
    const writing = sink?.write(c.data as Uint8Array<ArrayBuffer>);
    if (writing) {
      writing.then(() => { if (i.sink === sink) this.stored(i, n); }, () => {
        if (i.sink !== sink || r.final) return;
        this.fail(r, 'write-failed');
        this.ctl({ t: 'cancel', id: r.id });
      });
    } else this.stored(i, n);
    r.bytes += n;
    r.meter.record(r.bytes);
    this.opts.hooks.change(r, r.state);
  }

  private get window(): number { return this.opts.windowBytes ?? DEFAULT_WINDOW_BYTES; }

  /**
   * Receiver: `n` more bytes are stored; ack every {@link ACK_STEP_BYTES} (a quarter window when that
   * is smaller, so the sender never stalls waiting for an ack that is not due) and at the end.
   */
  private stored(i: Incoming, n: number): void {
    i.stored += n;
    const step = Math.min(ACK_STEP_BYTES, Math.floor(this.window / 4));
    if (i.rec.final || (i.stored - i.acked < step && i.stored < i.rec.size)) return;
    i.acked = i.stored;
    this.ctl({ t: 'ack', id: i.rec.id, offset: i.stored });
  }

  private wakeSender(): void {
    this.acked.fire();
    this.acked = signal();
  }

  private async onDone(id: string, sha: string): Promise<void> {
    const i = this.inc.get(id);
    if (!i || i.rec.state !== 'transferring') return;
    const r = i.rec;
    if (r.bytes !== r.size) { this.fail(r, 'protocol'); return; }
    r.sha256 = hex(i.hash.digest());
    const ok = r.sha256 === sha;
    this.ctl({ t: 'received', id, ok });
    if (!ok) { this.fail(r, 'hash-mismatch'); return; }
    let file: File;
    try {
      file = await (i.sink ?? new BlobSink()).finish(r.name, r.type, r.lastModified);
    } catch {
      this.fail(r, 'write-failed');
      return;
    }
    if (r.final) return; // cancelled while the last bytes were stored
    i.sink = undefined;
    this.set(r, 'done');
    this.opts.hooks.received(r, file);
  }

  private queue(t: TransferRecord, offset: number): void {
    t.bytes = offset;
    t.acked = offset;
    t.meter.reset();
    this.order = this.order.filter((id) => id !== t.id).concat(t.id);
    this.set(t, 'queued');
    void this.pump();
  }

  /** Sends accepted files one after another; one loop at a time. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let t = this.nextQueued(); t; t = this.nextQueued()) await this.stream(t);
    } finally { this.pumping = false; }
  }

  private nextQueued(): TransferRecord | undefined {
    if (!this.channel) return undefined;
    this.order = this.order.filter((id) => this.out.get(id)?.state === 'queued');
    return this.out.get(this.order[0] ?? '');
  }

  private async stream(t: TransferRecord): Promise<void> {
    const ch = this.channel;
    const file = this.files.get(t.id);
    if (!ch || !file) return;
    this.set(t, 'transferring');
    const live = () => t.state === 'transferring' && this.channel === ch;
    try {
      const sha = await streamFile(t, file, {
        chunk: this.opts.chunkBytes ?? DEFAULT_CHUNK_BYTES,
        live,
        room: async () => {
          await Promise.race([ch.drain(), this.channelChanged.promise]);
          // Bounded: each pass waits for an ack, a final state or a channel change.
          while (live() && t.window !== undefined && t.bytes - t.acked >= t.window) {
            await Promise.race([this.acked.promise, this.channelChanged.promise]);
          }
        },
        send: (frame) => ch.send(frame),
        progress: () => this.opts.hooks.change(t, t.state),
      });
      if (sha === null || !live()) return;
      t.sha256 = sha;
      this.set(t, 'verifying');
      ch.send(encodeControl({ t: 'done', id: t.id, sha256: sha }));
    } catch {
      if (t.final) return;
      this.fail(t, 'read-failed');
      this.ctl({ t: 'cancel', id: t.id });
    }
  }

  private sendOffer(t: TransferRecord): void {
    this.ctl({ t: 'offer', id: t.id, n: t.n, name: t.name, size: t.size, type: t.type, lastModified: t.lastModified });
  }

  private ctl(m: ControlMessage): void {
    try { this.channel?.send(encodeControl(m)); } catch { /* the channel's close path handles it */ }
  }

  private fail(t: TransferRecord, why: TransferFailure): void {
    if (t.final) return;
    t.reason = why;
    this.end(t, 'failed');
    if (why === 'protocol') this.ctl({ t: 'cancel', id: t.id });
  }

  /** Enters a final state and frees what the transfer held. */
  private end(t: TransferRecord, state: TransferState): void {
    this.files.delete(t.id);
    this.wakeSender();
    const i = this.inc.get(t.id);
    i?.sink?.clear();
    if (i) i.sink = undefined;
    this.set(t, state);
  }

  private set(t: TransferRecord, state: TransferState): void {
    const previous = t.state;
    if (previous === state) return;
    t.state = state;
    this.opts.hooks.change(t, previous);
  }
}
