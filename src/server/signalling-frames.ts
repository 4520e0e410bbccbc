/** The per-frame path of a registered socket: rate limit, parse, hand to the message's handler. */
import type { RawData } from 'ws';
import {
  CloseCode, ErrorText, MessageType, RejectText, parseClientMessage, type ClientMessage, type RejectCode,
} from '../protocol/index.js';
import { refusedByGrants } from './auth-grants.js';
import type { ServerClient, SocketState } from './client.js';
import { handlers, type HandlerContext } from './handlers.js';
import type { Log } from './log.js';
import type { ResolvedOptions } from './options.js';
import type { Realm, Realms } from './realm.js';
import type { Routing } from './routing.js';
import { sendJson } from './signalling-refuse.js';

/** A parsed inbound frame as the `message` event reports it: `src` is the sender's id. */
export type InboundMessage = ClientMessage & { src: string };

/** Window after which flood counting starts over (see `maxRejectedInARow`). */
const FLOOD_WINDOW_MS = 1000;

/** What the frame path needs from the rest of the server. */
export interface FrameDeps {
  opts: ResolvedOptions;
  log: Log;
  realms: Realms;
  routing: Routing;
  message(client: ServerClient, msg: InboundMessage): void;
  wantsMessages?(): boolean;
  unregister(client: ServerClient, reason: 'flooding' | 'leave' | 'dead-socket'): void;
}

export class Frames {
  private readonly lastRejectAt = new WeakMap<SocketState, number>();
  private readonly contexts = new Map<Realm, HandlerContext>();

  constructor(private readonly deps: FrameDeps) {}

  onFrame(state: SocketState, data: RawData, isBinary: boolean): void {
    const client = state.client;
    if (!client || client.socket !== state.ws) return; // replaced or unregistered: not this socket's id any more
    const realm = this.deps.realms.get(client.key);
    if (!realm || realm.clients.get(client.id) !== client) return;
    const now = Date.now();
    if (!state.bucket.take(now)) return this.rateLimited(state, client, now);
    if (isBinary) return rejectFrame(client, 'binary-frame');
    // ws hands over a Buffer (binaryType 'nodebuffer'): decode it in place, no copy.
    const text = Buffer.isBuffer(data) ? data.toString('utf8')
      : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
    const parsed = parseClientMessage(text, this.deps.opts.limits.maxJsonDepth);
    if (!parsed.ok) return rejectFrame(client, parsed.code, typeOfFrame(text, parsed.code));
    const msg = parsed.value;
    if (client.grants && refusedByGrants(client.grants, msg)) return rejectFrame(client, 'not-granted', msg.type);
    if (this.deps.wantsMessages?.() ?? true) this.deps.message(client, { ...msg, src: client.id });
    const handler = handlers[msg.type] as (ctx: HandlerContext, c: ServerClient, m: ClientMessage) => void;
    const ctx = this.context(realm);
    ctx.now = now;
    handler(ctx, client, msg);
  }

  private rateLimited(state: SocketState, client: ServerClient, now: number): void {
    // Counting restarts after a quiet second, so only a sustained flood ends in a close.
    if (now - (this.lastRejectAt.get(state) ?? 0) > FLOOD_WINDOW_MS) state.rejectedInARow = 0;
    this.lastRejectAt.set(state, now);
    if (++state.rejectedInARow <= this.deps.opts.limits.maxRejectedInARow) return rejectFrame(client, 'rate-limited');
    this.deps.log.warn('client.flooding', { key: client.key, id: client.id, address: state.address });
    sendJson(state.ws, { type: MessageType.Error, payload: { msg: ErrorText.Flooding } });
    state.ws.close(CloseCode.PolicyViolation, ErrorText.Flooding);
    this.deps.unregister(client, 'flooding');
  }

  /** One handler context per realm, made once (this runs for every frame); `now` is set per frame. */
  private context(realm: Realm): HandlerContext {
    let ctx = this.contexts.get(realm);
    if (!ctx) this.contexts.set(realm, ctx = this.makeContext(realm));
    return ctx;
  }

  private makeContext(realm: Realm): HandlerContext {
    return {
      realm, now: 0, limits: this.deps.opts.limits,
      reject: rejectFrame,
      unregister: (c, reason) => this.deps.unregister(c, reason),
      elsewhere: (from, type, dst, text) => this.deps.routing.elsewhere(realm.key, { src: from.id, type, dst, text, hops: 0 }, from),
    };
  }
}

/** Tells a p2p-kit client its frame was dropped; a stock client gets PeerServer's silence. */
export function rejectFrame(client: ServerClient, code: RejectCode, type?: string): void {
  if (!client.kit) return;
  client.send({ type: MessageType.Rejected, payload: { code, msg: RejectText[code], ...(type ? { type } : {}) } });
}

/** The `type` of a refused frame, when it has one, so the sender knows which message bounced. */
function typeOfFrame(text: string, code: RejectCode): string | undefined {
  if (code === 'invalid-json' || code === 'too-deep') return undefined;
  try {
    const v: unknown = JSON.parse(text);
    const t = (v as { type?: unknown } | null)?.type;
    return typeof t === 'string' && t.length <= 64 ? t : undefined;
  } catch {
    return undefined;
  }
}
