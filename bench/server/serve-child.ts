/**
 * Child process: one signalling server (`kit` = ours, `peer` = stock PeerServer 1.0.2, `ws` = the
 * bare relay floor of bare-relay.ts) on
 * 127.0.0.1:0, reporting its port and, on request, its own RSS / CPU time / open fds over IPC.
 * Both get the same non-default settings: room for the load (`concurrentLimit`) and a heartbeat
 * timeout longer than the run, so the load generator needs no heartbeats.
 */
import { readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

export interface ServerStats { rss: number; heapUsed: number; cpuUs: number; fds: number }
export type ServerKind = 'kit' | 'peer' | 'ws';

const kind = process.argv[2] as ServerKind;
const LIMIT = 1_000_000;
const ALIVE_MS = 30 * 60 * 1000;

async function start(): Promise<number> {
  if (kind === 'kit') {
    const { createServer } = await import('../../src/server/index.js');
    const server = createServer({ port: 0, host: '127.0.0.1', concurrentLimit: LIMIT, aliveTimeout: ALIVE_MS });
    await server.ready;
    return server.address()?.port ?? 0;
  }
  if (kind === 'ws') return (await import('./bare-relay.js')).startBareRelay('127.0.0.1');
  const { PeerServer } = await import('peer');
  return new Promise((resolve) => {
    PeerServer({ port: 0, host: '127.0.0.1', concurrent_limit: LIMIT, alive_timeout: ALIVE_MS },
      (srv) => resolve((srv.address() as AddressInfo).port));
  });
}

function stats(gc: boolean): ServerStats {
  // For RSS a full GC first, so it reflects what the server holds, not garbage not yet collected;
  // never around CPU readings, which would then count the forced GC.
  if (gc) (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  return { rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed, cpuUs: cpu.user + cpu.system, fds: readdirSync('/proc/self/fd').length };
}

process.on('message', (m: { cmd: string }) => {
  if (m.cmd === 'stats' || m.cmd === 'cpu') process.send?.({ stats: stats(m.cmd === 'stats') });
  if (m.cmd === 'exit') process.exit(0);
});
process.on('disconnect', () => process.exit(0));
start().then((port) => process.send?.({ port }), (e: Error) => { process.send?.({ error: e.message }); process.exit(1); });
