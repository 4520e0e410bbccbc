/**
 * The file-transfer engine between this side and one remote peer: a multi-file queue in both
 * directions over one {@link FileChannel}, surviving channel replacement (resume). Pure logic: the
 * element (or the CLI) supplies the channel and turns the hooks into events; Node tests supply an
 * in-memory pipe. This module is the sending half and the control dispatch; the receiving half is
 * {@link FileReceiver}.
 */
import {
  DEFAULT_CHUNK_BYTES, type ControlMessage, type DeclineReason, encodeControl, newTransferId, parseControl,
} from './protocol.js';
import { type Transfer, type TransferFailure, type TransferState, TransferRecord, streamFile } from './transfer.js';
import { FileReceiver, type SessionPort } from './receiver.js';
import type { FileChannel, FileSessionOptions } from './session-options.js';

export type { FileChannel, FileSessionHooks, FileSessionOptions } from './session-options.js';

/** A one-shot promise with its trigger (Promise.withResolvers is not in Node 20). */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((r) => { fire = r; });
  return { promise, fire };
}

/** See the module comment. */
export class FileSession {
  private readonly out = new Map<string, TransferRecord>();
  private readonly inc: FileReceiver;
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

  constructor(private readonly opts: FileSessionOptions) {
    const attached = () => this.attached;
    const port: SessionPort = {
      opts,
      get attached() { return attached(); },
      ctl: (m) => this.ctl(m),
      set: (t, state) => this.set(t, state),
      fail: (t, why) => this.fail(t, why),
    };
    this.inc = new FileReceiver(port);
  }

  /** Every transfer, both directions, oldest first. */
  get transfers(): Transfer[] { return this.records(); }

  get(id: string): Transfer | undefined { return this.out.get(id) ?? this.inc.get(id); }

  private records(): TransferRecord[] { return [...this.out.values(), ...this.inc.transfers]; }

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
    for (const t of this.records()) {
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
    for (const t of this.records()) this.fail(t, why);
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
  accept(id: string): void { this.inc.accept(id); }

  /** Receiver: refuses an offer. No-op unless the transfer is `offered`. */
  decline(id: string, reason: DeclineReason = 'declined'): void { this.inc.decline(id, reason); }

  /** Either side: stops a transfer that is not final yet and tells the other side. */
  cancel(id: string): void {
    const t = this.get(id) as TransferRecord | undefined;
    if (!t || t.final) return;
    this.end(t, 'cancelled');
    this.ctl({ t: 'cancel', id });
  }

  /** Feeds one frame from the channel. Malformed frames are ignored. */
  handle(frame: string | ArrayBuffer | ArrayBufferView): void {
    if (typeof frame !== 'string') { this.inc.chunk(frame); return; }
    const m = parseControl(frame);
    if (m) this.onControl(m);
  }

  private onControl(m: ControlMessage): void {
    const o = this.out.get(m.id);
    switch (m.t) {
      case 'offer': this.inc.offer(m); return;
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
      case 'cancel': { const t = o ?? this.inc.get(m.id); if (t && !t.final) this.end(t, 'cancelled'); return; }
      case 'received':
        if (o?.state === 'verifying') { if (m.ok) this.end(o, 'done'); else this.fail(o, 'hash-mismatch'); }
        return;
      case 'done': void this.inc.done(m.id, m.sha256); return;
    }
  }

  private wakeSender(): void {
    this.acked.fire();
    this.acked = signal();
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
    this.inc.release(t.id);
    this.set(t, state);
  }

  private set(t: TransferRecord, state: TransferState): void {
    const previous = t.state;
    if (previous === state) return;
    t.state = state;
    this.opts.hooks.change(t, previous);
  }
}
