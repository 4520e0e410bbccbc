import { listen, type CoreDataConnection, type CorePeer } from '../core-types.js';
import { P2PError } from '../errors.js';
import { CHAT_LABEL, decodeEnvelope, type ChatEnvelope, type Decoded } from './envelope.js';

/** Connection state of a chat, reflected by `<p2p-chat state>`. */
export type ChatState = 'idle' | 'connecting' | 'open' | 'closed';

export interface ChatSessionCallbacks {
  /** A valid envelope (or bare text) arrived. */
  received(envelope: NonNullable<Decoded>): void;
  /** The state changed; `connection` is the one now used for sending, if open. */
  state(state: ChatState, connection: CoreDataConnection | undefined): void;
  /** A connection or connect attempt failed. */
  error(err: unknown): void;
}

/** How long a connect attempt may take before it counts as failed. */
const CONNECT_TIMEOUT_MS = 30_000;

/**
 * The chat's connections to one remote peer, on one core `Peer`. It opens a DataConnection on
 * demand, adopts incoming ones (label `p2p-chat`, from `remote`), and keeps every open one: when
 * both sides connect at once each ends up with two, and listening on all of them loses nothing.
 * Sends go over the most recently opened connection. No DOM here.
 */
export class ChatSession {
  state: ChatState = 'idle';
  private readonly conns = new Map<CoreDataConnection, AbortController>();
  private current?: CoreDataConnection;
  private pending?: Promise<CoreDataConnection>;
  private readonly abort = new AbortController();

  constructor(readonly peer: CorePeer, readonly remote: string, private readonly cb: ChatSessionCallbacks) {
    listen(peer, 'connection', (conn: CoreDataConnection) => {
      if (conn.label === CHAT_LABEL && conn.peer === remote) this.adopt(conn);
    }, this.abort.signal);
    // A connection the remote opened before this element existed (PeerJS keeps them in `connections`).
    const known = (peer as { connections?: Record<string, CoreDataConnection[] | undefined> }).connections?.[remote];
    for (const conn of known ?? []) if (conn.label === CHAT_LABEL) this.adopt(conn);
  }

  /** The open connection sends use, if any. */
  get connection(): CoreDataConnection | undefined {
    return this.current;
  }

  /** Resolves with an open connection, connecting if needed. */
  connect(): Promise<CoreDataConnection> {
    if (this.current?.open) return Promise.resolve(this.current);
    if (this.abort.signal.aborted) return Promise.reject(new P2PError('not-connected', 'Chat is closed'));
    this.pending ??= this.open().finally(() => { this.pending = undefined; });
    return this.pending;
  }

  /** Sends one envelope, connecting first if needed. */
  async send(envelope: ChatEnvelope): Promise<void> {
    const conn = await this.connect();
    await conn.send(envelope);
  }

  /** Sends only if a connection is open already; never throws (typing, receipts). */
  trySend(envelope: ChatEnvelope): void {
    const conn = this.current;
    if (!conn?.open) return;
    try {
      void Promise.resolve(conn.send(envelope)).catch(() => undefined);
    } catch { /* a closing channel: the next send reconnects */ }
  }

  /** Closes every connection and stops listening; the session is unusable afterwards. */
  close(): void {
    this.abort.abort();
    for (const [conn, ac] of this.conns) { ac.abort(); conn.close(); }
    this.conns.clear();
    this.current = undefined;
    this.setState('closed');
  }

  private open(): Promise<CoreDataConnection> {
    const conn = this.peer.connect(this.remote, { label: CHAT_LABEL, serialization: 'json', reliable: true, metadata: { p2pchat: 1 } });
    this.adopt(conn);
    this.setState('connecting');
    return new Promise((resolve, reject) => {
      const ac = new AbortController();
      const done = (err?: unknown) => {
        ac.abort();
        clearTimeout(timer);
        if (err === undefined) { resolve(conn); return; }
        this.drop(conn);
        if (!this.current) this.setState('closed');
        reject(err);
      };
      const timer = setTimeout(() => done(new P2PError('timeout', `No answer from ${this.remote}`)), CONNECT_TIMEOUT_MS);
      if (conn.open) { done(); return; }
      listen(conn, 'open', () => done(), ac.signal);
      listen(conn, 'error', (e: unknown) => done(e), ac.signal);
      listen(conn, 'close', () => done(new P2PError('not-connected', `Connection to ${this.remote} closed`)), ac.signal);
      // PeerJS reports an unknown or offline remote on the Peer, not on the connection.
      listen(this.peer, 'error', (e: { type?: string }) => { if (e?.type === 'peer-unavailable') done(e); }, ac.signal);
      this.abort.signal.addEventListener('abort', () => done(new P2PError('not-connected', 'Chat is closed')), { signal: ac.signal });
    });
  }

  /** Takes over a chat connection (normally automatic for incoming ones from `remote`). */
  adopt(conn: CoreDataConnection): void {
    if (this.conns.has(conn)) return;
    const ac = new AbortController();
    this.conns.set(conn, ac);
    const opened = () => { this.current = conn; this.setState('open'); };
    if (conn.open) opened();
    listen(conn, 'open', opened, ac.signal);
    listen(conn, 'data', (data: unknown) => {
      const env = decodeEnvelope(data);
      if (env) this.cb.received(env);
    }, ac.signal);
    listen(conn, 'close', () => this.drop(conn), ac.signal);
    listen(conn, 'error', (e: unknown) => this.cb.error(e), ac.signal);
  }

  private drop(conn: CoreDataConnection): void {
    this.conns.get(conn)?.abort();
    this.conns.delete(conn);
    if (this.current !== conn) return;
    this.current = [...this.conns.keys()].reverse().find((c) => c.open);
    this.setState(this.current ? 'open' : this.pending ? 'connecting' : 'closed');
  }

  private setState(state: ChatState): void {
    if (state === this.state && state !== 'open') return;
    this.state = state;
    this.cb.state(state, this.current);
  }
}
