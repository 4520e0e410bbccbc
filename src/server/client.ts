/** A registered peer as the server sees it, plus the per-socket state that guards it. */
import WebSocket from 'ws';
import type { AuthGrants, JsonObject, ServerMessage } from '../protocol/index.js';
import { TokenBucket } from './limits.js';

/**
 * Per-socket state, made on every accepted WebSocket before registration. Rate limiting lives here,
 * not on the client, so a same-token re-attach starts with a fresh bucket and an old socket that is
 * being replaced can't spend the new one's budget.
 */
export class SocketState {
  readonly bucket: TokenBucket;
  /** Frames dropped for rate limiting since the last accepted one. */
  rejectedInARow = 0;
  client: ServerClient | undefined;

  constructor(readonly ws: WebSocket, readonly address: string, rate: number, burst: number) {
    this.bucket = new TokenBucket(rate, burst);
  }
}

/**
 * A registered peer. Mirrors PeerServer's `IClient` getters (`getId()`, `getToken()`, ...) so event
 * handlers written for PeerServer keep working.
 */
export class ServerClient {
  /** The key (realm) this client registered under. */
  readonly key: string;
  readonly id: string;
  readonly token: string;
  /** Remote address (after `proxied` handling) of the current socket. */
  address: string;
  /** Current socket; replaced on a same-token re-attach. */
  socket: WebSocket;
  /**
   * The current socket's URL announced a p2p-kit client (`kit=1`): it may be sent `P2PKIT-REJECTED`.
   * Stock PeerJS clients get PeerServer's silent drop instead. Follows the socket on a re-attach.
   */
  kit: boolean;
  /** Time of the last `HEARTBEAT` (or of registration), ms since epoch. */
  lastPing: number;
  /** Presence state (p2p-kit extension). */
  discoverable = false;
  subscribed = false;
  metadata: JsonObject | undefined;
  /** What the client's auth token allows (server with `auth`); undefined: everything. */
  grants: AuthGrants | undefined;

  constructor(init: { key: string; id: string; token: string; address: string; socket: WebSocket; now: number; kit?: boolean }) {
    this.key = init.key;
    this.id = init.id;
    this.token = init.token;
    this.address = init.address;
    this.socket = init.socket;
    this.kit = init.kit ?? false;
    this.lastPing = init.now;
  }

  getId(): string { return this.id; }
  getToken(): string { return this.token; }
  getSocket(): WebSocket { return this.socket; }
  getLastPing(): number { return this.lastPing; }

  /** True while the current socket can take frames. */
  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends a server message (or pre-serialized text). Returns false if the socket is not open. */
  send(msg: ServerMessage | string): boolean {
    if (!this.open) return false;
    this.socket.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
    return true;
  }
}
