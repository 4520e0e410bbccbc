/**
 * Signalling servers for the browser figures, in the runner's process on 127.0.0.1:0: the stock
 * `peer` 1.0.2 server (for PeerJS and raw WebRTC) and ours (for p2p-kit), when it exists.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { PeerServer } from 'peer';
import type { Signal } from '../pages/common.js';

export interface Running { signal: Signal; close(): Promise<void> }

function closer(server: Server): () => Promise<void> {
  return () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); });
}

/** Stock PeerServer, as `peer` ships it (only the listen address is set). */
export function startStock(): Promise<Running> {
  return new Promise((resolve) => {
    PeerServer({ port: 0, host: '127.0.0.1', path: '/', key: 'peerjs' }, (server) => {
      const { port } = server.address() as AddressInfo;
      resolve({ signal: { host: '127.0.0.1', port, path: '/', key: 'peerjs' }, close: closer(server) });
    });
  });
}

/**
 * Our server (src/server `createServer`) with default options, or the reason it could not start.
 * Imported lazily so the PeerJS and raw columns still run while src/server is broken.
 */
export async function startKit(): Promise<Running | string> {
  try {
    const { createServer } = await import('../../src/server/index.js');
    const server = createServer({ port: 0, host: '127.0.0.1' });
    await server.ready;
    const port = server.address()?.port ?? 0;
    return { signal: { host: '127.0.0.1', port, path: '/', key: 'peerjs' }, close: () => server.close() };
  } catch (e) {
    return `p2p-kit server did not start: ${String((e as Error).message).split('\n')[0]}`;
  }
}
