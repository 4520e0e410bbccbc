/** Helpers for the server's Node tests: a server on 127.0.0.1:0 and `ws` clients with an inbox. */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { createServer, type ServerOptions, type SignallingServer } from '../../../src/server/index.ts';

/** Every wait in these tests is bounded by this, so a broken feature fails instead of hanging. */
export const WAIT_MS = 3000;

export type Frame = { type: string; src?: string; dst?: string; payload?: Record<string, unknown> & { msg?: string; code?: string } };

/** Starts a silent server on 127.0.0.1:0 and waits until it listens. */
export async function startKit(opts: Omit<ServerOptions, 'port' | 'host' | 'server' | 'noServer'> = {}): Promise<SignallingServer & { port: number }> {
  const server = createServer({ port: 0, host: '127.0.0.1', ...opts });
  await server.ready;
  return Object.assign(server, { port: (server.address() as AddressInfo).port });
}

export function wsUrl(port: number, q: Record<string, string>, path = '/'): string {
  return `ws://127.0.0.1:${port}${path}peerjs?${new URLSearchParams(q)}`;
}

/** A raw WebSocket client that keeps every received frame until a test takes it. */
export class TestClient {
  readonly frames: Frame[] = [];
  private waiters: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      this.frames.push(isBinary ? { type: '<binary>' } : JSON.parse(String(data)) as Frame);
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
    ws.on('error', () => {});
  }

  /** Next frame (optionally the next one of `type`, skipping others). Fails after {@link WAIT_MS}. */
  async next(type?: string): Promise<Frame> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const i = this.frames.findIndex((f) => !type || f.type === type);
      if (i >= 0) return this.frames.splice(i, 1)[0]!;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type ?? 'frame'} within ${WAIT_MS} ms; have ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  close(): void {
    this.ws.close();
  }
}

/** Opens a socket; resolves once it is open (before OPEN/ERROR arrives). */
export async function dial(url: string, headers?: Record<string, string>): Promise<TestClient> {
  const ws = new WebSocket(url, { headers });
  const client = new TestClient(ws);
  await Promise.race([once(ws, 'open'), client.closed.then((c) => { throw new Error(`closed ${c.code}`); })]);
  return client;
}

/** Registers `id` and waits for OPEN. */
export async function join(server: { port: number }, id: string, q: Record<string, string> = {}): Promise<TestClient> {
  const c = await dial(wsUrl(server.port, { key: 'peerjs', id, token: `tok-${id}`, ...q }));
  const open = await c.next();
  if (open.type !== 'OPEN') throw new Error(`expected OPEN, got ${JSON.stringify(open)}`);
  return c;
}

/** GET on the server; returns status, headers and body text. */
export async function get(port: number, path: string, headers?: Record<string, string>): Promise<{ status: number; type: string; body: string; headers: Headers }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text(), headers: res.headers };
}

/** Resolves when the server emits `disconnect` for `id` (bounded by {@link WAIT_MS}). */
export function disconnected(server: SignallingServer, id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { server.off('disconnect', on); reject(new Error(`no disconnect of ${id}`)); }, WAIT_MS);
    const on = (c: { id: string }): void => {
      if (c.id !== id) return;
      clearTimeout(t);
      server.off('disconnect', on);
      resolve();
    };
    server.on('disconnect', on);
  });
}

/**
 * Relays an OFFER from `c` to itself (`id` is its own id) as a barrier: one socket's frames are
 * handled in order, so whatever the server answered to earlier frames arrives before it. Returns
 * every frame that came before the barrier.
 */
export async function untilBarrier(c: TestClient, id: string): Promise<Frame[]> {
  c.send({ type: 'OFFER', dst: id, payload: { barrier: true } });
  const seen: Frame[] = [];
  for (;;) {
    const f = await c.next();
    if (f.type === 'OFFER' && f.payload?.barrier === true) return seen;
    seen.push(f);
  }
}
