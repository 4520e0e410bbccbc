/**
 * Signalling servers for the browser tests, started once by web-test-runner on 127.0.0.1:0:
 * a stock PeerServer (npm `peer`, for interop tests). `info` is handed to every test page as
 * `window.TEST_SERVERS`.
 */
import { PeerServer } from 'peer';
import type { AddressInfo } from 'node:net';

export interface ServerInfo { host: string; port: number; path: string; key: string }
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

export async function startTestServers(): Promise<TestServers> {
  const stock = await startStockPeerServer();
  return {
    info: { stock: stock.info },
    async close() { await stock.close(); },
  };
}
