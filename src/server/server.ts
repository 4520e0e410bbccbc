/**
 * `createServer()`: the PeerServer-compatible signalling server. Attaches like `ws` does — its own
 * `port`, an existing `server`, or `noServer` with `handleUpgrade()` — and reports what happens
 * through PeerServer's events.
 */
import { EventEmitter } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { socketPath } from '../protocol/index.js';
import type { ServerClient } from './client.js';
import { handleApi } from './http.js';
import { makeLog, type Log } from './log.js';
import { resolveOptions, type ResolvedOptions, type ServerOptions } from './options.js';
import { Signalling, type InboundMessage } from './signalling.js';
import { serveStatic, type StaticHandler } from './static.js';

/** Events of {@link SignallingServer} (PeerServer's names and arguments). */
export interface ServerEvents {
  /** A client registered, or re-attached with the same token (after its queue was flushed). */
  connection: [client: ServerClient];
  /** A client's registration ended: socket closed, `LEAVE`, heartbeat timeout, or shutdown. */
  disconnect: [client: ServerClient];
  /** Every valid inbound frame (incl. `HEARTBEAT`), before it is handled; `src` is the sender. */
  message: [client: ServerClient, message: InboundMessage];
  /** Server-side failures (listen errors, HTTP server errors). Bad client input is never an `error`. */
  error: [error: Error];
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

function abort(socket: Duplex, status: number, text: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/** The server `createServer()` returns. */
export class SignallingServer extends EventEmitter<ServerEvents> {
  /** Validated options with defaults applied. */
  readonly options: ResolvedOptions;
  /** Resolves once the server listens (immediately with `noServer`); rejects if listening fails. */
  readonly ready: Promise<void>;
  /** The HTTP(S) server in use: our own with `port`, yours with `server`, none with `noServer`. */
  readonly httpServer: HttpServer | HttpsServer | undefined;
  private readonly log: Log;
  private readonly wss: WebSocketServer;
  private readonly signalling: Signalling;
  private readonly statics: StaticHandler | undefined;
  private readonly wsPath: string;
  private previousListeners: RequestListener[] = [];
  private closing: Promise<void> | undefined;
  private readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    void this.handleRequest(req, res).then((handled) => {
      if (handled) return;
      if (this.previousListeners.length > 0) for (const l of this.previousListeners) l.call(this.httpServer, req, res);
      else if (!res.headersSent) res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not Found');
    });
  };
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    this.handleUpgrade(req, socket, head);
  };
  private readonly onServerError = (err: Error): void => this.fail(err);

  constructor(options: ServerOptions) {
    super();
    this.options = resolveOptions(options);
    const o = this.options;
    this.log = makeLog(o.log);
    this.wsPath = socketPath(o.path);
    this.statics = o.staticDir ? serveStatic(o.staticDir) : undefined;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: o.limits.maxFrameBytes, perMessageDeflate: false, clientTracking: false });
    this.signalling = new Signalling(o, this.log, {
      connection: (c) => this.emit('connection', c),
      disconnect: (c) => this.emit('disconnect', c),
      message: (c, m) => this.emit('message', c, m),
      wantsMessages: () => this.listenerCount('message') > 0,
    });
    if (o.mode === 'port') {
      const server = o.ssl ? createHttpsServer(o.ssl) : createHttpServer();
      this.httpServer = server;
      server.on('request', this.onRequest);
      server.on('upgrade', this.onUpgrade);
      this.ready = new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        this.signalling.store.ready.catch(reject);
        server.listen(o.port, o.host, () => {
          server.off('error', reject);
          server.on('error', this.onServerError);
          void this.signalling.store.ready.then(resolve);
        });
      });
    } else if (o.mode === 'server') {
      const server = o.server!;
      this.httpServer = server;
      // Our routes answer first; everything else goes to the handlers the server already had.
      this.previousListeners = server.listeners('request') as RequestListener[];
      server.removeAllListeners('request');
      server.on('request', this.onRequest);
      server.on('upgrade', this.onUpgrade);
      server.on('error', this.onServerError);
      const listening = server.listening ? Promise.resolve() : new Promise<void>((resolve) => server.once('listening', () => resolve()));
      this.ready = Promise.all([listening, this.signalling.store.ready]).then(() => undefined);
    } else {
      this.httpServer = undefined;
      this.ready = this.signalling.store.ready;
    }
    // Marks the rejection handled; callers awaiting `ready` still see it. An 'error' event also fires.
    this.ready.catch((err: Error) => this.fail(err));
    this.log.info('server.start', { mode: o.mode, path: o.path, keys: o.keys.length });
  }

  /** The listening address (`null` with `noServer` or before listening). */
  address(): AddressInfo | null {
    const a = this.httpServer?.address();
    return a && typeof a === 'object' ? a : null;
  }

  /** Number of clients registered on this node under `key` (all keys when omitted). */
  clientCount(key?: string): number {
    return key === undefined ? this.signalling.realms.clientCount : this.signalling.realms.get(key)?.clients.size ?? 0;
  }

  /** Ids registered on this node under `key` (default: the first configured key). */
  peers(key: string = this.options.keys[0]!): string[] {
    return this.signalling.realms.get(key)?.ids() ?? [];
  }

  /**
   * Takes over an HTTP upgrade. With `noServer`, call it from your server's `upgrade` event. Requests
   * for other paths get a 400, unless another `upgrade` listener on an attached server may want them.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      return abort(socket, 400, 'Bad Request');
    }
    if (pathname !== this.wsPath) {
      if (this.options.mode === 'server' && this.httpServer!.listenerCount('upgrade') > 1) return;
      return abort(socket, 400, 'Bad Request');
    }
    if (this.closing) return abort(socket, 503, 'Service Unavailable');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.signalling.accept(ws, req));
  }

  /**
   * Answers our HTTP routes, then static files. Resolves `false` when neither matched (so you can
   * answer it), e.g. with `noServer`: `if (!(await kit.handleRequest(req, res))) next()`.
   */
  async handleRequest(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    try {
      const ctx = {
        opts: this.options, realms: this.signalling.realms, store: this.signalling.store, answerRoot: false,
        registered: (key: string, id: string, token: string) => this.signalling.registered(key, id, token),
      };
      if (await handleApi(req, res, ctx)) return true;
      if (this.statics && await this.statics(req, res)) return true;
      // The info document at `{path}` comes last: a static index.html at `/` (the demo) wins, and
      // on a server with its own handlers, theirs does.
      return this.previousListeners.length === 0 && await handleApi(req, res, { ...ctx, answerRoot: true });
    } catch (err) {
      this.log.error('http.error', { url: req.url, error: (err as Error).message });
      if (!res.headersSent) res.writeHead(500).end();
      return true;
    }
  }

  /** Closes every socket, stops all timers and (with `port`) the HTTP server. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    await this.signalling.close();
    this.wss.close();
    const server = this.httpServer;
    if (this.options.mode === 'port' && server) {
      await new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      server.off('error', this.onServerError);
    } else if (this.options.mode === 'server' && server) {
      server.off('request', this.onRequest);
      server.off('upgrade', this.onUpgrade);
      server.off('error', this.onServerError);
      for (const l of this.previousListeners) server.on('request', l);
      this.previousListeners = [];
    }
    this.log.info('server.close');
  }

  private fail(err: Error): void {
    this.log.error('server.error', { error: err.message });
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }
}

/** Creates and starts a signalling server. Options are validated synchronously (`TypeError`). */
export function createServer(options: ServerOptions): SignallingServer {
  return new SignallingServer(options);
}
