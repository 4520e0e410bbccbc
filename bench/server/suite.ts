/**
 * Signalling-server figures (issue 6, item 4): RSS with N registered peers, time to register
 * them, relay rate and server CPU time per relayed 1 KiB message, for our server, the stock
 * `peer` 1.0.2 and a bare `ws` relay (the floor), under one load generator. Server and load generator are separate child
 * processes on 127.0.0.1; a fresh server per level, so earlier levels leave nothing behind.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerKind, ServerStats } from './serve-child.js';
import type { ConnectResult, LoadCommand, RelayResult } from './loadgen-child.js';

export interface ServerPlan {
  runs: number;
  levels: number[];
  relayMessages: number;
  log(line: string): void;
}

/** Samples per metric key per server kind. */
export type ServerSamples = Record<string, Record<ServerKind, number[]>>;

/** Ours, stock PeerServer, and the bare `ws` relay (the floor), interleaved per level. */
const SERVER_KINDS: readonly ServerKind[] = ['kit', 'peer', 'ws'];

const here = (f: string): string => fileURLToPath(new URL(f, import.meta.url));
const MiB = 1024 * 1024;

function spawnChild(file: string, args: string[], execArgv: string[] = []): ChildProcess {
  return fork(here(file), args, { execArgv: ['--import', 'tsx', ...execArgv], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}

/** Next IPC message from `child`, or an error after `ms`. */
function reply<T>(child: ChildProcess, ms: number, send?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new Error(`child gave no answer in ${ms} ms`)); }, ms);
    const onMsg = (m: T): void => { cleanup(); resolve(m); };
    const onExit = (code: number | null): void => { cleanup(); reject(new Error(`child exited (${code})`)); };
    const cleanup = (): void => { clearTimeout(timer); child.off('message', onMsg); child.off('exit', onExit); };
    child.on('message', onMsg);
    child.once('exit', onExit);
    if (send) child.send(send);
  });
}

const ask = <T>(child: ChildProcess, cmd: LoadCommand | { cmd: string }, ms: number): Promise<T> => reply<T>(child, ms, cmd);

async function oneLevel(kind: ServerKind, n: number, relay: boolean, plan: ServerPlan, add: (key: string, v: number) => void): Promise<void> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server child there (for finding hot spots).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const server = spawnChild('./serve-child.ts', [kind], ['--expose-gc', ...prof]);
  const load = spawnChild('./loadgen-child.ts', []);
  try {
    const [started] = await Promise.all([reply<{ port?: number; error?: string }>(server, 20000), reply(load, 20000)]);
    if (!started.port) throw new Error(started.error ?? 'no port');
    const idle = await ask<{ stats: ServerStats }>(server, { cmd: 'stats' }, 20000);
    const deadlineMs = 30000 + n * 10;
    const c = await ask<ConnectResult>(load, { cmd: 'connect', port: started.port, n, deadlineMs }, deadlineMs + 10000);
    if (c.opened < n) throw new Error(`registered ${c.opened}/${n} (${c.failed} failed)`);
    add(`server.register.${n}`, c.ms);
    const s = await ask<{ stats: ServerStats }>(server, { cmd: 'stats' }, 20000);
    add(`server.rss.${n}`, s.stats.rss / MiB);
    add(`server.perPeer.${n}`, (s.stats.rss - idle.stats.rss) / 1024 / n);
    if (relay) {
      const before = await ask<{ stats: ServerStats }>(server, { cmd: 'cpu' }, 5000);
      const r = await ask<RelayResult>(load, { cmd: 'relay', messages: plan.relayMessages, bytes: 1024, deadlineMs: 60000 }, 70000);
      const after = await ask<{ stats: ServerStats }>(server, { cmd: 'cpu' }, 5000);
      if (r.received < plan.relayMessages) plan.log(`  ${kind} relay: only ${r.received}/${plan.relayMessages} delivered`);
      if (r.received > 0) {
        add('server.relay.rate', r.received / (r.ms / 1000));
        add('server.relay.cpu', (after.stats.cpuUs - before.stats.cpuUs) / r.received);
      }
    }
    await ask(load, { cmd: 'close' }, 60000);
  } finally {
    // SIGTERM-free exit over IPC first, so a CPU profile gets written.
    if (server.connected) server.send({ cmd: 'exit' });
    await new Promise((resolve) => { const t = setTimeout(resolve, 3000); server.once('exit', () => { clearTimeout(t); resolve(null); }); });
    server.kill();
    load.kill();
  }
}

/** Runs every level for every server kind, interleaved, `runs` times. */
export async function runServers(plan: ServerPlan): Promise<ServerSamples> {
  const samples: ServerSamples = {};
  const top = Math.max(...plan.levels);
  for (let run = 1; run <= plan.runs; run++) {
    for (const n of plan.levels) {
      for (const kind of SERVER_KINDS) {
        const t = Date.now();
        try {
          await oneLevel(kind, n, n === top, plan, (key, v) => {
            samples[key] ??= { kit: [], peer: [], ws: [] };
            samples[key][kind].push(v);
          });
          plan.log(`server run ${run}/${plan.runs} ${kind} @${n}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
        } catch (e) {
          plan.log(`server run ${run}/${plan.runs} ${kind} @${n} failed: ${(e as Error).message}`);
        }
      }
    }
  }
  return samples;
}
