/**
 * A data connection with PeerJS's API and wire format. `send()` returns a promise that resolves
 * when the whole value has been handed to the channel; big values stream in frames with
 * backpressure and report `progress` on both sides.
 */
import type { AnswerPayload, JsonObject, OfferPayload } from '../protocol/index.js';
import { BaseConnection, type BaseEvents, type ConnectionContext } from './base-connection.js';
import { ChannelWriter, frameSizeOf } from './channel.js';
import { PeerError } from './errors.js';
import { Negotiator, kitInfo } from './negotiator.js';
import { createSerializer, type Frame, type FrameWriter, type SerializationType, type Serializer } from './serializers/index.js';

/** Payload of the `progress` event. */
export interface ProgressInfo { direction: 'send' | 'receive'; bytes: number; total: number }

export interface DataConnectionEvents extends BaseEvents {
  open: [];
  data: [data: unknown];
  progress: [info: ProgressInfo];
}

/** Default cap on one received message (1 GiB); set `maxMessageSize` lower to refuse big messages. */
export const DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024 * 1024;

export interface DataConnectionInit extends ConnectionContext {
  label: string;
  serialization: SerializationType;
  reliable: boolean;
  maxMessageSize: number;
  /** Callee side: the OFFER that created this connection. */
  offer?: OfferPayload;
}

export class DataConnection extends BaseConnection<DataConnectionEvents> {
  readonly label: string;
  /** Wire serialization: `'MsgPack'` (default), `'binary'`, `'json'` or `'raw'`. */
  readonly serialization: SerializationType;
  /** Ordered delivery (p2p-kit's default `true`; PeerJS defaults to unordered). */
  readonly reliable: boolean;
  /** Largest message accepted from the peer in bytes; bigger ones are refused with a `message-refused` error. */
  maxMessageSize: number;
  dataChannel: RTCDataChannel | undefined;
  private serializer: Serializer;
  private writer: ChannelWriter | undefined;
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;

  /** @internal Made by `Peer.connect()` or on an incoming OFFER. */
  constructor(private readonly init: DataConnectionInit) {
    super(init);
    this.label = init.label;
    this.serialization = init.serialization;
    this.reliable = init.reliable;
    this.maxMessageSize = init.maxMessageSize;
    this.remoteKit = !!init.offer?.kit;
    const conn = this; // eslint-disable-line @typescript-eslint/no-this-alias -- the getter reads the live setting
    this.serializer = createSerializer(init.serialization, {
      get maxMessageSize() { return conn.maxMessageSize; },
      reader: {
        data: (v) => this.emit('data', v),
        close: () => this.close(),
        error: (e) => this.fail(e),
        progress: (bytes, total) => this.emit('progress', { direction: 'receive', bytes, total }),
      },
    });
    void this.start();
  }

  get type(): 'data' { return 'data'; }
  protected get originator(): boolean { return !this.init.offer; }

  /** Number of `send()` calls not yet fully handed to the channel. */
  get bufferSize(): number { return this.queued; }

  private async start(): Promise<void> {
    let pc: RTCPeerConnection;
    try {
      pc = await this.init.createPeerConnection();
    } catch (cause) {
      this.fail(new PeerError('webrtc', 'Could not create an RTCPeerConnection', { cause }));
      return this.close();
    }
    if (this.closed) { pc.close(); return; }
    this.peerConnection = pc;
    this.watchPeerConnection(pc, () => this.close());
    this.negotiator = new Negotiator(pc, 'data', this.connectionId, this.ctx.signal);
    const offer = this.init.offer;
    try {
      if (offer) {
        pc.addEventListener('datachannel', (ev) => { if (!this.dataChannel) this.bind(ev.channel); });
        await this.negotiator.answer(offer.sdp, { kit: kitInfo() as unknown as JsonObject });
      } else {
        this.bind(pc.createDataChannel(this.label, { ordered: this.reliable }));
        await this.negotiator.offer({
          label: this.label, reliable: this.reliable, serialization: this.serialization,
          ...(this.metadata !== undefined ? { metadata: this.metadata } : {}),
          kit: kitInfo() as unknown as JsonObject,
        });
      }
    } catch (err) {
      this.fail(err as PeerError);
      return this.close();
    }
    this.replayEarly();
  }

  private bind(dc: RTCDataChannel): void {
    this.dataChannel = dc;
    dc.binaryType = 'arraybuffer';
    this.writer = new ChannelWriter(dc);
    const opened = (): void => { if (!this.closed && !this._open) { this._open = true; this.emit('open'); } };
    dc.addEventListener('open', opened);
    // A channel announced by 'datachannel' may already be open by the time we bind it (a busy page
    // runs the event late); its 'open' event then never comes.
    if (dc.readyState === 'open') queueMicrotask(opened);
    dc.addEventListener('message', (ev: MessageEvent<Frame>) => { if (!this.closed) this.serializer.decode(ev.data); });
    dc.addEventListener('close', () => this.close());
  }

  /**
   * Sends `data`. Resolves once the whole value has been handed to the channel; rejects (and emits
   * `error`) with `not-open-yet`, `message-too-big`, `serialization` or `connection-closed`.
   * Ignoring the promise is fine: a rejection is also reported through `error`, never as unhandled.
   */
  send(data: unknown): Promise<void> {
    if (!this._open || !this.writer) {
      const err = new PeerError('not-open-yet', 'Connection is not open. You should listen for the `open` event before sending messages.');
      this.fail(err);
      return handled(Promise.reject(err));
    }
    const writer = this.writer;
    const out: FrameWriter = {
      frameSize: frameSizeOf(this.peerConnection),
      remoteKit: this.remoteKit,
      write: (f) => writer.write(f),
      progress: (bytes, total) => this.emit('progress', { direction: 'send', bytes, total }),
    };
    this.queued++;
    const job = this.tail.then(() => this.serializer.encode(data, out)).finally(() => { this.queued--; });
    this.tail = job.catch(() => undefined);
    job.catch((err: PeerError) => this.fail(err instanceof PeerError ? err : new PeerError('serialization', String(err), { cause: err })));
    return handled(job);
  }

  /** Closes the connection (both sides see `close`). `flush` first sends PeerJS's in-band close message after queued sends. */
  close(options?: { flush?: boolean }): void {
    if (this.closed) return;
    if (options?.flush && this._open && this.serialization !== 'raw') {
      void this.send({ __peerData: { type: 'close' } }).finally(() => this.close());
      return;
    }
    this.closed = true;
    this._open = false;
    this.stopWatching();
    const dc = this.dataChannel, pc = this.peerConnection;
    // What send() already handed to the channel is still delivered: closing the RTCPeerConnection
    // now would drop what is still buffered, so close the channel first and the connection once the
    // channel is closed (bounded). `bufferedAmount` alone is not enough: Firefox counts only what its
    // SCTP stack has not taken yet, and that stack still holds unsent data when it reads 0.
    if (dc?.readyState === 'open') drainThen(dc, () => closeChannelThen(dc, () => pc?.close()));
    else { dc?.close(); pc?.close(); }
    this.ctx.forget();
    this.emit('close');
  }

  handleAnswer(p: AnswerPayload): void {
    if (!this.negotiator) { this.early.push(() => this.handleAnswer(p)); return; }
    this.remoteKit = !!p.kit;
    if (p.sdp) this.negotiator.accept(p.sdp).catch((e: PeerError) => { this.fail(e); this.close(); });
  }
}

/** Longest wait for a channel's send buffer to drain on close. */
const DRAIN_TIMEOUT_MS = 5000;

/** Runs `fn` once `event` fires on the channel (or it closes), at most {@link DRAIN_TIMEOUT_MS} later. */
function onceOr(dc: RTCDataChannel, event: 'bufferedamountlow' | 'close', fn: () => void): void {
  let done = false;
  const once = (): void => { if (!done) { done = true; clearTimeout(timer); fn(); } };
  const timer = setTimeout(once, DRAIN_TIMEOUT_MS);
  dc.addEventListener(event, once, { once: true });
  if (event !== 'close') dc.addEventListener('close', once, { once: true });
}

function drainThen(dc: RTCDataChannel, fn: () => void): void {
  if (dc.bufferedAmount === 0) { fn(); return; }
  dc.bufferedAmountLowThreshold = 0;
  onceOr(dc, 'bufferedamountlow', fn);
}

/** Closes the channel (its SCTP stream resets after the data it holds) and runs `fn` once it is closed. */
function closeChannelThen(dc: RTCDataChannel, fn: () => void): void {
  onceOr(dc, 'close', fn);
  dc.close();
}

/** Marks a promise as handled (no unhandled-rejection report) while callers can still await it. */
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}
