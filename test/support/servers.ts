/**
 * Signalling servers for the browser tests, started once by web-test-runner on 127.0.0.1:0:
 * ours (`kit`, discovery on) and a stock PeerServer (`stock`, npm `peer`, for interop tests).
 * `info` is handed to every test page as `window.TEST_SERVERS`.
 */
import { PeerServer } from 'peer';
import type { AddressInfo } from 'node:net';
import { createServer } from '../../src/server/index.ts';
import { startCoturn, type Coturn } from './coturn.ts';

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

export async function startTestServers(): Promise<TestServers> {
  const [stock, kit, turn] = await Promise.all([startStockPeerServer(), startKitServer(), startTurnServers()]);
  return {
    info: { stock: stock.info, kit: kit.info, ...(turn ? { turn: turn.info } : {}) },
    async close() { await Promise.all([stock.close(), kit.close(), turn?.close()]); },
  };
}
