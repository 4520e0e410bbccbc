/**
 * The Peer's connection to its signalling server: queues messages until the server said OPEN
 * (PeerJS drops them), sends HEARTBEAT every `pingInterval` and when the page becomes visible
 * again (background tabs get their timers throttled), and reconnects with backoff using the same
 * id and token after the socket drops.
 */
import {
  CloseCode, isAuthText, DEFAULT_TIMING, MessageType, parseServerMessage, type ClientMessage, type OpenPayload, type ServerMessage,
} from '../protocol/index.js';
import { systemClock, type Clock } from './clock.js';
import { PeerError } from './errors.js';
import type { SignalTransport, SocketLike } from './transport.js';

export interface ReconnectOptions {
  /** First retry delay (ms, default 250); doubles per attempt up to `maxDelay`. */
  minDelay?: number;
  /** Longest delay between attempts (ms, default 5000). */
  maxDelay?: number;
  /** Give up after this many failed attempts in a row (default Infinity). */
  maxAttempts?: number;
}

export interface SignallingOptions {
  transport: SignalTransport;
  pingInterval?: number;
  /** `false` turns automatic reconnection off (PeerJS behaviour). */
  reconnect?: ReconnectOptions | false;
  clock?: Clock;
  /** Where `visibilitychange` fires; defaults to `globalThis.document` when there is one. */
  visibilityTarget?: EventTarget & { visibilityState?: string };
}

/** Callbacks into the owner (the Peer). */
export interface SignallingHandlers {
  /** The server accepted the registration (also after a reconnect). */
  open(payload: OpenPayload | undefined): void;
  /** A relayed or presence message arrived. */
  message(msg: ServerMessage): void;
  /** The socket is gone; `retrying` tells whether a reconnect is scheduled. */
  lost(retrying: boolean): void;
  /** Fatal for the registration (ERROR, ID-TAKEN, INVALID-KEY, gave up). */
  error(err: PeerError): void;
  /** ID-TAKEN before the first OPEN: another token to try the id with once (see peer-registration.ts), or none. */
  retryToken?(): string | undefined;
}

/** Without an OPEN within this time after the socket opened, assume a same-token re-attach (PeerServer sends no OPEN then). */
const SILENT_REATTACH_MS = 3000;

export class Signalling {
  private socket: SocketLike | undefined;
  private queue: ClientMessage[] = [];
  private registered = false;
  private everRegistered = false;
  /** Set by stop(); before the first start() messages are queued (a connect() may precede the id fetch). */
  private stopped = false;
  private attempts = 0;
  private timers = new Set<unknown>();
  private pingTimer: unknown;
  private readonly clock: Clock;
  private readonly onVisible = (): void => this.onVisibility();
  private id = '';
  private token = '';

  constructor(private readonly opts: SignallingOptions, private readonly on: SignallingHandlers) {
    this.clock = opts.clock ?? systemClock;
  }

  /** True while registered with the server. */
  get isOpen(): boolean { return this.registered; }

  /** Opens the socket for `id` with `token` (again, after `stop()`, for `reconnect()`). */
  start(id: string, token: string): void {
    this.id = id;
    this.token = token;
    this.stopped = false;
    this.attempts = 0;
    this.visibility()?.addEventListener('visibilitychange', this.onVisible);
    this.openSocket();
  }

  /** Sends now when registered, otherwise queues until the next OPEN. */
  send(msg: ClientMessage): void {
    if (this.registered && this.socket?.readyState === 1) this.socket.send(JSON.stringify(msg));
    else if (!this.stopped) this.queue.push(msg);
  }

  /** Closes the socket for good (no reconnect); queued messages are dropped. */
  stop(): void {
    this.stopped = true;
    this.registered = false;
    this.queue = [];
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
    this.clock.clearTimeout(this.pingTimer);
    this.visibility()?.removeEventListener('visibilitychange', this.onVisible);
    const s = this.socket;
    this.socket = undefined;
    if (s) { detach(s); try { s.close(1000); } catch { /* already closed */ } }
  }

  /** Drops the current socket as if the network failed (reconnect logic runs). For tests and network switches. */
  drop(): void {
    const s = this.socket;
    if (!s) return;
    detach(s);
    try { s.close(1000); } catch { /* already closed */ }
    this.socketGone();
  }

  private visibility(): (EventTarget & { visibilityState?: string }) | undefined {
    return this.opts.visibilityTarget ?? (globalThis as { document?: EventTarget & { visibilityState?: string } }).document;
  }

  private onVisibility(): void {
    if (this.visibility()?.visibilityState === 'hidden') return;
    if (this.registered) this.heartbeat();
    else if (!this.socket && !this.stopped) this.openSocket(); // skip the remaining backoff
  }

  private after(ms: number, fn: () => void): unknown {
    const t = this.clock.setTimeout(() => { this.timers.delete(t); fn(); }, ms);
    this.timers.add(t);
    return t;
  }

  private openSocket(): void {
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
    let s: SocketLike;
    try {
      s = this.opts.transport.connect(this.id, this.token);
    } catch (cause) {
      this.on.error(cause instanceof PeerError ? cause : new PeerError('network', 'Cannot open the signalling socket', { cause }));
      return;
    }
    this.socket = s;
    let fallback: unknown;
    s.onopen = () => { fallback = this.after(SILENT_REATTACH_MS, () => this.registeredNow(undefined)); };
    s.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      const r = parseServerMessage(ev.data);
      if (!r.ok) return; // unknown or malformed frames are ignored, like PeerJS
      const m = r.value;
      if (m.type === MessageType.Open) { this.clock.clearTimeout(fallback); this.timers.delete(fallback); this.registeredNow(m.payload); }
      else if (m.type === 'ERROR' || m.type === 'ID-TAKEN' || m.type === 'INVALID-KEY') this.fatal(m);
      else this.on.message(m);
    };
    s.onerror = () => { /* onclose follows */ };
    s.onclose = (ev) => {
      if (s !== this.socket) return;
      if (ev.code === CloseCode.Replaced) {
        // Another socket registered our id with our token (a duplicated tab shares sessionStorage):
        // reconnecting would just take it back and start a tug of war.
        this.stop();
        this.on.lost(false);
        this.on.error(new PeerError('unavailable-id', `ID "${this.id}" was taken over by another connection with the same token`));
        return;
      }
      this.socketGone();
    };
  }

  private registeredNow(payload: OpenPayload | undefined): void {
    if (this.registered || !this.socket) return;
    this.registered = true;
    this.everRegistered = true;
    this.attempts = 0;
    const q = this.queue;
    this.queue = [];
    for (const m of q) this.socket.send(JSON.stringify(m));
    this.schedulePing();
    this.on.open(payload);
  }

  private schedulePing(): void {
    this.clock.clearTimeout(this.pingTimer);
    this.pingTimer = this.clock.setTimeout(() => { this.heartbeat(); }, this.opts.pingInterval ?? DEFAULT_TIMING.pingInterval);
  }

  private heartbeat(): void {
    if (!this.registered || this.socket?.readyState !== 1) return;
    this.socket.send(JSON.stringify({ type: MessageType.Heartbeat }));
    this.schedulePing();
  }

  private fatal(m: Extract<ServerMessage, { type: 'ERROR' | 'ID-TAKEN' | 'INVALID-KEY' }>): void {
    const retry = m.type === 'ID-TAKEN' && !this.everRegistered ? this.on.retryToken?.() : undefined;
    if (retry) {
      // Same id, the stored token: a new socket, with the messages queued so far kept.
      const s = this.socket;
      if (s) { detach(s); try { s.close(1000); } catch { /* already closed */ } }
      this.token = retry;
      this.openSocket();
      return;
    }
    const msg = m.payload?.msg || m.type;
    const err = isAuthText(msg) ? new PeerError('unauthorized', msg)
      : m.type === 'ID-TAKEN' ? new PeerError('unavailable-id', `ID "${this.id}" is taken`)
      : m.type === 'INVALID-KEY' ? new PeerError('invalid-key', `API KEY is invalid`)
      : /key/i.test(msg) ? new PeerError('invalid-key', msg)
      : /id provided/i.test(msg) ? new PeerError('invalid-id', msg)
      : new PeerError('server-error', msg);
    this.stop();
    this.on.error(err);
  }

  private socketGone(): void {
    const wasRegistered = this.registered;
    this.registered = false;
    this.socket = undefined;
    this.clock.clearTimeout(this.pingTimer);
    if (this.stopped) return;
    const r = this.opts.reconnect;
    const max = r === false ? 0 : r?.maxAttempts ?? Infinity;
    if (this.attempts >= max) {
      this.stopped = true;
      this.on.lost(false);
      this.on.error(new PeerError('network', wasRegistered ? 'Lost connection to server.' : 'Cannot reach the signalling server.'));
      return;
    }
    const base = r === false ? 0 : r?.minDelay ?? 250;
    const cap = r === false ? 0 : r?.maxDelay ?? 5000;
    const delay = Math.min(cap, base * 2 ** this.attempts) * (0.75 + Math.random() * 0.5);
    this.attempts++;
    this.on.lost(true);
    this.after(delay, () => { if (!this.stopped && !this.socket) this.openSocket(); });
  }
}

function detach(s: SocketLike): void {
  s.onopen = s.onmessage = s.onerror = s.onclose = null;
}
