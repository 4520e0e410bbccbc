/**
 * Signalling servers for the browser tests, started once by web-test-runner on 127.0.0.1:0:
 * ours (`kit`, discovery on) and a stock PeerServer (`stock`, npm `peer`, for interop tests), ours
 * handing out TURN credentials for a loopback coturn (`turn`), and two of ours on one redis-server
 * (`node0`, `node1`).
 * `info` is handed to every test page as `window.TEST_SERVERS`.
 */
import { PeerServer } from 'peer';
import type { AddressInfo } from 'node:net';
import { createServer } from '../../src/server/index.ts';
import { startCoturn, type Coturn } from './coturn.ts';
import { startRedis, type RedisProcess } from './redis.ts';

/** `turnUrl`/`turnSecret` only on `turn` (so relay tests can also mint bad credentials). */
export interface ServerInfo { host: string; port: number; path: string; key: string; turnUrl?: string; turnSecret?: string }
export interface TestServers { info: Record<string, ServerInfo>; close(): Promise<void> }

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

/** Our server handing out credentials for a loopback coturn; none if coturn is missing (turn tests then fail). */
async function startTurnServers(): Promise<{ info: ServerInfo; close(): Promise<void> } | undefined> {
  let coturn: Coturn;
  try {
    coturn = await startCoturn();
  } catch (err) {
    console.warn(`no TURN tests: ${(err as Error).message}`);
    return undefined;
  }
  const server = createServer({ port: 0, host: '127.0.0.1', turn: { secret: coturn.secret, urls: [coturn.url], ttlSeconds: 600 } });
  await server.ready;
  const { port } = server.address() as AddressInfo;
  return {
    info: { host: '127.0.0.1', port, path: '/', key: 'peerjs', turnUrl: coturn.url, turnSecret: coturn.secret },
    close: async () => { await server.close(); await coturn.close(); },
  };
}

/** Two of our nodes sharing a redis-server (`node0`, `node1`); none if redis-server is missing. */
async function startRedisNodes(): Promise<{ info: Record<string, ServerInfo>; close(): Promise<void> } | undefined> {
  let redis: RedisProcess;
  try {
    redis = await startRedis();
  } catch (err) {
    console.warn(`no multi-node tests: ${(err as Error).message}`);
    return undefined;
  }
  const nodes = [0, 1].map(() => createServer({ port: 0, host: '127.0.0.1', allowDiscovery: true, redis: redis.url }));
  await Promise.all(nodes.map((n) => n.ready));
  const info = (n: typeof nodes[number]): ServerInfo => ({ host: '127.0.0.1', port: (n.address() as AddressInfo).port, path: '/', key: 'peerjs' });
  return {
    info: { node0: info(nodes[0]!), node1: info(nodes[1]!) },
    close: async () => { await Promise.all(nodes.map((n) => n.close())); await redis.close(); },
  };
}

export async function startTestServers(): Promise<TestServers> {
  const [stock, kit, turn, cluster] = await Promise.all([startStockPeerServer(), startKitServer(), startTurnServers(), startRedisNodes()]);
  return {
    info: { stock: stock.info, kit: kit.info, ...(turn ? { turn: turn.info } : {}), ...cluster?.info },
    async close() { await Promise.all([stock.close(), kit.close(), turn?.close(), cluster?.close()]); },
  };
}
