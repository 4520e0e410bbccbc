/**
 * Signalling servers for the browser tests, started once by web-test-runner on 127.0.0.1:0:
 * ours (`kit`, discovery on) and a stock PeerServer (`stock`, npm `peer`, for interop tests), ours
 * handing out TURN credentials for a loopback coturn (`turn`, `turnShort`, `turnBad`), two of ours
 * on one redis-server, each a real `p2p-kit serve` CLI process (`node0`, `node1`), and a restartable one of each kind (`kitRestart`, `stockRestart`) that a test
 * page takes down with `POST {restartUrl}?down=<ms>` (see {@link startRestartable}).
 * `turn` also has a control endpoint that freezes and thaws coturn (see {@link turnControl}).
 * `info` is handed to every test page as `window.TEST_SERVERS`.
 */
import { PeerServer } from 'peer';
import { spawn } from 'node:child_process';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createServer } from '../../src/server/index.ts';
import { startCoturn, type Coturn } from './coturn.ts';
import { startRedis, type RedisProcess } from './redis.ts';

/**
 * `turnUrl` on the TURN servers; `turnSecret` and `turnControlUrl` only on `turn` (so relay tests can
 * also mint bad credentials, and freeze coturn); `restartUrl` only on the restartable servers.
 */
export interface ServerInfo { host: string; port: number; path: string; key: string; turnUrl?: string; turnSecret?: string; turnControlUrl?: string; restartUrl?: string; authSecret?: string }
export interface TestServers { info: Record<string, ServerInfo>; close(): Promise<void> }

/** Credential lifetime of the `turnShort` server (seconds): short enough to outlive in one test. */
export const SHORT_TTL_S = 3;

async function startStockPeerServer(): Promise<{ info: ServerInfo; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const app = PeerServer({ port: 0, host: '127.0.0.1', path: '/', key: 'peerjs', allow_discovery: true }, (server) => {
      const { port } = server.address() as AddressInfo;
      resolve({
        info: { host: '127.0.0.1', port, path: '/', key: 'peerjs' },
        close: () => new Promise<void>((done) => { server.closeAllConnections?.(); server.close(() => done()); }),
      });
    });
    void app;
  });
}

async function startKitServer(): Promise<{ info: ServerInfo; close(): Promise<void> }> {
  const server = createServer({ port: 0, host: '127.0.0.1', path: '/', key: 'peerjs', allowDiscovery: true });
  await server.ready;
  const { port } = server.address() as AddressInfo;
  return { info: { host: '127.0.0.1', port, path: '/', key: 'peerjs' }, close: () => server.close() };
}

/** Ours requiring signed peer ids (`kitAuth`); the test page mints its own HS256 tokens with `authSecret`. */
async function startAuthServer(): Promise<{ info: ServerInfo; close(): Promise<void> }> {
  const authSecret = 'browser-tests-auth-secret-0123456789abcdef';
  const server = createServer({ port: 0, host: '127.0.0.1', path: '/', key: 'peerjs', auth: { secret: authSecret } });
  await server.ready;
  const { port } = server.address() as AddressInfo;
  return { info: { host: '127.0.0.1', port, path: '/', key: 'peerjs', authSecret }, close: () => server.close() };
}

/** Longest coturn freeze (ms): it thaws by itself then, so a test that dies paused cannot stall the others. */
export const MAX_TURN_PAUSE_MS = 28000;

/**
 * Control endpoint on 127.0.0.1 for the shared coturn: `POST {turnControlUrl}/pause?ms=<n>` freezes
 * it (SIGSTOP: relayed packets are lost, ICE through it fails for real) and thaws it by itself after
 * `ms` (default and at most {@link MAX_TURN_PAUSE_MS}); `POST {turnControlUrl}/resume` thaws it now.
 * Both answer `204` once done.
 */
async function turnControl(coturn: Coturn): Promise<{ url: string; close(): Promise<void> }> {
  let thaw: ReturnType<typeof setTimeout> | undefined;
  const resume = (): void => { clearTimeout(thaw); thaw = undefined; coturn.resume(); };
  const control = createHttpServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const action = /^\/turn\/(pause|resume)$/.exec(url.pathname)?.[1];
    if (req.method !== 'POST' || !action) { res.writeHead(req.method === 'OPTIONS' ? 204 : 404).end(); return; }
    if (action === 'resume') resume();
    else {
      const ms = Math.min(Number(url.searchParams.get('ms') ?? MAX_TURN_PAUSE_MS) || 0, MAX_TURN_PAUSE_MS);
      clearTimeout(thaw);
      coturn.pause();
      thaw = setTimeout(resume, ms);
    }
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(control.address() as AddressInfo).port}/turn`,
    close: async () => {
      resume();
      control.closeAllConnections();
      await new Promise<void>((done) => control.close(() => done()));
    },
  };
}

/**
 * Our server handing out credentials for a loopback coturn (`turn`), one minting credentials that
 * live {@link SHORT_TTL_S} seconds (`turnShort`, for refresh tests) and one with the wrong secret
 * (`turnBad`: coturn refuses all its credentials); none if coturn is missing (turn tests then fail).
 */
async function startTurnServers(): Promise<{ info: Record<string, ServerInfo>; close(): Promise<void> } | undefined> {
  let coturn: Coturn;
  try {
    coturn = await startCoturn();
  } catch (err) {
    console.warn(`no TURN tests: ${(err as Error).message}`);
    return undefined;
  }
  const kinds = {
    turn: { secret: coturn.secret, ttlSeconds: 600 },
    turnShort: { secret: coturn.secret, ttlSeconds: SHORT_TTL_S },
    turnBad: { secret: `${coturn.secret}-wrong`, ttlSeconds: 600 },
  };
  const servers = Object.entries(kinds).map(([name, t]) => [name, createServer({ port: 0, host: '127.0.0.1', turn: { ...t, urls: [coturn.url] } })] as const);
  await Promise.all(servers.map(([, s]) => s.ready));
  const control = await turnControl(coturn);
  const info: Record<string, ServerInfo> = {};
  for (const [name, s] of servers) {
    info[name] = { host: '127.0.0.1', port: (s.address() as AddressInfo).port, path: '/', key: 'peerjs', turnUrl: coturn.url };
  }
  info.turn!.turnSecret = coturn.secret;
  info.turn!.turnControlUrl = control.url;
  return {
    info,
    close: async () => { await Promise.all(servers.map(([, s]) => s.close())); await control.close(); await coturn.close(); },
  };
}

const CLI = fileURLToPath(new URL('../../bin/p2p-kit.js', import.meta.url));
/** tsx compiles the server when the CLI starts: allow for a busy machine. */
const CLI_START_MS = 20000;

/**
 * Runs `p2p-kit serve --port <port, default 0> --host 127.0.0.1 ...args` as its own process (as a real deployment
 * would) and resolves with the port from its first stdout line. `stop()` sends SIGTERM (a clean
 * shutdown frees its ids in Redis at once) and SIGKILLs it if it has not exited 5 s later.
 */
export async function startCliServer(args: string[], listenPort = 0): Promise<Instance> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(listenPort), '--host', '127.0.0.1', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const reap = (): void => { child.kill('SIGKILL'); };
  process.once('exit', reap); // a runner that dies without close() must not leave the node behind
  child.once('exit', () => process.off('exit', reap));
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-4096); });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const fail = (why: string): void => { clearTimeout(timer); child.kill('SIGKILL'); reject(new Error(`p2p-kit serve ${why}: ${err}`)); };
    const timer = setTimeout(() => fail(`printed no URL within ${CLI_START_MS} ms`), CLI_START_MS);
    const onExit = (code: number | null): void => fail(`exited with ${code}`);
    child.once('exit', onExit);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n', 2);
      if (line.length < 2) return;
      const m = /listening on http:\/\/[^:]+:(\d+)\//.exec(line[0]!);
      if (!m) return fail(`printed an unexpected first line "${line[0]}"`);
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout!.removeAllListeners('data').resume();
      resolve(Number(m[1]));
    });
  });
  return {
    port,
    stop: () => new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => { clearTimeout(kill); done(); });
      child.kill('SIGTERM');
    }),
  };
}

/** Two of our nodes as CLI processes sharing a redis-server (`node0`, `node1`); none if redis-server is missing. */
async function startRedisNodes(): Promise<{ info: Record<string, ServerInfo>; close(): Promise<void> } | undefined> {
  let redis: RedisProcess;
  try {
    redis = await startRedis();
  } catch (err) {
    console.warn(`no multi-node tests: ${(err as Error).message}`);
    return undefined;
  }
  const started = await Promise.allSettled([0, 1].map(() => startCliServer(['--allow-discovery', '--redis', redis.url])));
  const nodes = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const close = async (): Promise<void> => { await Promise.all(nodes.map((n) => n.stop())); await redis.close(); };
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) { await close(); throw failed.reason; }
  const info = (n: Instance): ServerInfo => ({ host: '127.0.0.1', port: n.port, path: '/', key: 'peerjs' });
  return { info: { node0: info(nodes[0]!), node1: info(nodes[1]!) }, close };
}

/** A running server instance on a port; `stop()` ends it and every socket on it. */
export interface Instance { port: number; stop(): Promise<void> }

/** Our server on `port`. */
async function kitInstance(port: number): Promise<Instance> {
  const server = createServer({ port, host: '127.0.0.1', path: '/', key: 'peerjs', allowDiscovery: true });
  await server.ready;
  return { port: (server.address() as AddressInfo).port, stop: () => server.close() };
}

/**
 * A stock PeerServer on `port`. Its sockets are destroyed on stop (the HTTP server's close leaves
 * upgraded WebSockets open). PeerServer has no way to stop its sweep timers: each restart leaves
 * one idle set behind, fine for a test run.
 */
function stockInstance(port: number): Promise<Instance> {
  return new Promise((resolve, reject) => {
    const sockets = new Set<Socket>();
    const app = PeerServer({ port, host: '127.0.0.1', path: '/', key: 'peerjs', allow_discovery: true }, (server: HttpServer) => {
      server.on('connection', (s: Socket) => { sockets.add(s); s.once('close', () => sockets.delete(s)); });
      resolve({
        port: (server.address() as AddressInfo).port,
        stop: () => new Promise<void>((done) => { server.close(() => done()); for (const s of sockets) s.destroy(); }),
      });
    });
    app.on('error', reject);
  });
}

/**
 * Restartable servers behind one control endpoint on 127.0.0.1: `POST /restart/<name>?down=<ms>`
 * stops that server (every socket drops), answers `204` once it is down, and listens again on the
 * SAME port after `down` ms (default 1000), as a fresh process would (no registrations kept).
 * A test must wait for the server to be back before the next one restarts it.
 */
async function startRestartable(kinds: Record<string, (port: number) => Promise<Instance>>): Promise<{ info: Record<string, ServerInfo>; close(): Promise<void> }> {
  const running = new Map<string, Instance | undefined>();
  const restarting = new Map<string, Promise<void>>();
  for (const [name, start] of Object.entries(kinds)) running.set(name, await start(0));
  const control = createHttpServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const name = /^\/restart\/(\w+)$/.exec(url.pathname)?.[1];
    const inst = name ? running.get(name) : undefined;
    if (req.method !== 'POST' || !name || !inst) { res.writeHead(req.method === 'OPTIONS' ? 204 : 404).end(); return; }
    const down = Math.min(Number(url.searchParams.get('down') ?? 1000) || 0, 10000);
    running.set(name, undefined);
    void inst.stop().then(() => {
      res.writeHead(204).end();
      restarting.set(name, new Promise<void>((done) => setTimeout(() => {
        void kinds[name]!(inst.port).then((again) => { running.set(name, again); done(); });
      }, down)));
    });
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(control.address() as AddressInfo).port}/restart/`;
  const info: Record<string, ServerInfo> = {};
  for (const [name, inst] of running) info[name] = { host: '127.0.0.1', port: inst!.port, path: '/', key: 'peerjs', restartUrl: base + name };
  return {
    info,
    async close() {
      await Promise.all(restarting.values());
      await Promise.all([...running.values()].map((i) => i?.stop()));
      control.closeAllConnections();
      await new Promise<void>((resolve) => control.close(() => resolve()));
    },
  };
}

export async function startTestServers(): Promise<TestServers> {
  const [stock, kit, turn, cluster, restartable, kitAuth] = await Promise.all([
    startStockPeerServer(), startKitServer(), startTurnServers(), startRedisNodes(),
    startRestartable({ kitRestart: kitInstance, stockRestart: stockInstance }), startAuthServer(),
  ]);
  return {
    info: { stock: stock.info, kit: kit.info, ...turn?.info, ...cluster?.info, ...restartable.info, kitAuth: kitAuth.info },
    async close() { await Promise.all([stock.close(), kit.close(), turn?.close(), cluster?.close(), restartable.close(), kitAuth.close()]); },
  };
}
