/**
 * Data connections for file transfer: one {@link FileSession} per remote peer, fed by whichever
 * `p2p-file-drop` data connection to that peer is open (ours or theirs), re-dialled by the sending
 * side after a drop so unfinished transfers resume.
 */
import { listen, type CoreDataConnection, type CorePeer } from '../core-types.js';
import { FILE_CHANNEL_LABEL, FILE_PROTOCOL_VERSION } from './protocol.js';
import { FileSession, type FileChannel, type FileSessionHooks } from './session.js';
import type { ByteSink } from './sinks.js';

/** Above this many buffered bytes the sender waits for `bufferedamountlow`. */
const HIGH_WATER = 4 * 1024 * 1024;
/** Re-dial delays after a drop (ms); bounded, then the transfers fail with `connection-lost`. */
const REDIAL_DELAYS = [250, 1000, 2000, 4000, 8000];
/** How long a receiver keeps half-received files waiting for the sender to come back. */
const RESUME_WAIT_MS = 60_000;

type DataConnectionLike = CoreDataConnection & { dataChannel?: RTCDataChannel | null };

/**
 * A {@link FileChannel} over a core data connection. The core's `send()` resolves when the channel
 * has room again; a PeerJS-style `send()` returns nothing, so the channel's own `bufferedAmount`
 * is checked as well.
 */
export function channelOf(dc: DataConnectionLike): FileChannel {
  let last: Promise<void> = Promise.resolve();
  return {
    send(frame) {
      // A failed send means the connection is going away; its `close` event detaches the session.
      last = Promise.resolve(dc.send(frame)).catch(() => {});
    },
    async drain() {
      await last;
      const ch = dc.dataChannel;
      if (!ch || ch.readyState !== 'open' || ch.bufferedAmount <= HIGH_WATER) return;
      ch.bufferedAmountLowThreshold = HIGH_WATER / 2;
      await new Promise<void>((resolve) => {
        const done = () => { ch.removeEventListener('bufferedamountlow', done); ch.removeEventListener('close', done); resolve(); };
        ch.addEventListener('bufferedamountlow', done);
        ch.addEventListener('close', done);
      });
    },
  };
}

interface Link {
  session: FileSession; dc?: DataConnectionLike; dialling: boolean; redials: number;
  /** The channel the session writes to (`dc`'s). */
  channel?: FileChannel;
  /** A connection to this peer was open at some point (so a failed dial is a drop, not "unreachable"). */
  everOpen: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

export class FileLinks {
  private readonly links = new Map<string, Link>();
  private peer?: CorePeer;
  private lastPeer?: CorePeer;
  private signal?: AbortSignal;

  constructor(
    private readonly hooksFor: (remote: string) => FileSessionHooks,
    /** Whether an incoming connection from `remote` is ours to take (the element's `remote` filter). */
    private readonly wants: (remote: string) => boolean,
    /** Where received files go (undefined: the session's default, Blob parts). */
    private readonly sink: (id: string) => ByteSink | undefined,
  ) {}

  /**
   * Uses `peer` until `signal` aborts (the element's PeerController hands both over). `undefined`
   * while the element is out of the DOM: open connections stay (a DOM move must not drop a
   * transfer); a different `Peer` later closes them, and unfinished transfers re-dial through it.
   */
  setPeer(peer: CorePeer | undefined, signal: AbortSignal): void {
    if (peer && this.lastPeer && peer !== this.lastPeer) {
      for (const l of this.links.values()) l.dc?.close();
    }
    this.peer = peer;
    this.signal = signal;
    if (!peer) return;
    this.lastPeer = peer;
    listen(peer, 'connection', (dc: DataConnectionLike) => {
      if (dc.label === FILE_CHANNEL_LABEL && this.wants(dc.peer)) this.adopt(dc);
    }, signal);
    // Transfers waiting for a connection (peer swapped, or came back after a move) dial now.
    for (const [remote, l] of this.links) if (l.session.busy && !l.dc) this.dial(remote);
  }

  /** The session for `remote`, created on first use. */
  session(remote: string): FileSession {
    let l = this.links.get(remote);
    if (!l) {
      l = { session: new FileSession({ remote, hooks: this.hooksFor(remote), sink: this.sink }), dialling: false, redials: 0, everOpen: false };
      this.links.set(remote, l);
    }
    return l.session;
  }

  /** Makes sure a connection to `remote` exists or is being opened. */
  dial(remote: string): void {
    const l = this.links.get(remote);
    const peer = this.peer;
    if (!l || l.dc || l.dialling || !peer || peer.destroyed) return;
    l.dialling = true;
    const wait = new AbortController();
    const go = () => {
      wait.abort(); // once: 'open' fires again after every server reconnect
      if (this.peer !== peer) { l.dialling = false; return; }
      const dc = peer.connect(remote, {
        label: FILE_CHANNEL_LABEL, serialization: 'raw', reliable: true, metadata: { fileDrop: FILE_PROTOCOL_VERSION },
      }) as DataConnectionLike;
      this.adopt(dc);
    };
    if (peer.open) { go(); return; }
    listen(peer, 'open', go, wait.signal);
    // The element left (or the peer changed) before the peer opened: a later dial may try again.
    this.signal?.addEventListener('abort', () => { if (!wait.signal.aborted) { wait.abort(); l.dialling = false; } }, { once: true });
  }

  /** Closes every connection and forgets every session (element left the page). */
  close(): void {
    for (const l of this.links.values()) {
      clearTimeout(l.timer);
      for (const t of l.session.transfers) l.session.cancel(t.id);
      if (l.dc) void flushThenClose(l.dc, l.channel);
    }
    this.links.clear();
  }

  private adopt(dc: DataConnectionLike): void {
    this.session(dc.peer);
    const l = this.links.get(dc.peer)!;
    // Listeners live as long as the connection, not the element's peer subscription: a DOM move
    // of the element must not lose frames.
    const ac = new AbortController();
    const stop = () => ac.abort();
    const open = () => {
      if (l.dc && l.dc !== dc) l.dc.close();
      l.dc = dc;
      l.dialling = false;
      l.redials = 0;
      l.everOpen = true;
      clearTimeout(l.timer);
      l.channel = channelOf(dc);
      l.session.attach(l.channel);
    };
    listen(dc, 'data', (frame: string | ArrayBuffer | ArrayBufferView) => l.session.handle(frame), ac.signal);
    listen(dc, 'close', () => { stop(); this.dropped(dc, l); }, ac.signal);
    listen(dc, 'error', () => { if (!dc.open) { stop(); this.dropped(dc, l); } }, ac.signal);
    if (dc.open) open(); else listen(dc, 'open', open, ac.signal);
  }

  private dropped(dc: DataConnectionLike, l: Link): void {
    const remote = dc.peer;
    if (l.dc === dc) { l.dc = undefined; l.session.detach(); } else if (!l.dc) l.dialling = false;
    // Out of the DOM (no peer): setPeer() re-dials when the element comes back.
    if (l.dc || !this.peer || !this.links.has(remote)) return;
    clearTimeout(l.timer);
    const sending = l.session.transfers.some((t) => t.flow === 'out' && !isFinal(t.state));
    if (sending && !l.everOpen) {
      // The very first dial failed (e.g. the server answered EXPIRE): the peer is not there.
      l.session.abandon('unreachable');
    } else if (sending && l.redials < REDIAL_DELAYS.length) {
      // We owe bytes: dial again (bounded) so the receiver can say how much it already has.
      l.timer = setTimeout(() => this.dial(remote), REDIAL_DELAYS[l.redials++]);
    } else if (l.session.busy) {
      l.timer = setTimeout(() => { if (!l.dc) l.session.abandon(); }, sending ? 0 : RESUME_WAIT_MS);
    }
  }
}

/** Longest wait for queued frames (the `cancel`s) to leave before closing anyway. */
const FLUSH_MS = 2000;

/**
 * Closes `dc` once the frames queued on it (our `cancel`s) have left, so the other side hears why
 * instead of just seeing the connection drop (and re-dialling to resume).
 */
async function flushThenClose(dc: DataConnectionLike, channel?: FileChannel): Promise<void> {
  const ch = dc.dataChannel;
  if (ch && ch.readyState === 'open') {
    await channel?.drain(); // the last send (a cancel) has reached the channel's buffer
    if (ch.bufferedAmount > 0) {
      await new Promise<void>((resolve) => {
        const done = () => { clearTimeout(timer); ch.removeEventListener('bufferedamountlow', done); ch.removeEventListener('close', done); resolve(); };
        const timer = setTimeout(done, FLUSH_MS);
        ch.bufferedAmountLowThreshold = 0;
        ch.addEventListener('bufferedamountlow', done);
        ch.addEventListener('close', done);
      });
    }
  }
  dc.close();
}

const isFinal = (s: string) => s === 'done' || s === 'declined' || s === 'cancelled' || s === 'failed';
