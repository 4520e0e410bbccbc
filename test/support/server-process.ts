/**
 * A `p2p-kit serve` child process for tests that kill it or measure it: its port, its RSS and open
 * file descriptors from /proc, and whether it is still alive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../bin/p2p-kit.js', import.meta.url));
const START_MS = 30000;

export interface ServerProcess {
  port: number;
  child: ChildProcess;
  /** Resident set size, bytes (Linux /proc). */
  rss(): number;
  /** Open file descriptors (sockets, files, pipes). */
  handles(): number;
  alive(): boolean;
  stop(): Promise<void>;
}

/** Starts `p2p-kit serve` on `port` (0: any free one) with extra `args`. */
export async function startServerProcess(args: string[] = [], port = 0): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--host', '127.0.0.1', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const reap = (): void => { child.kill('SIGKILL'); };
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-4096); });
  const listening = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`serve did not start: ${err}`)); }, START_MS);
    const early = (code: number | null): void => { clearTimeout(timer); reject(new Error(`serve exited with ${code}: ${err}`)); };
    child.once('exit', early);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on http:\/\/[^:]+:(\d+)\//.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.off('exit', early);
      child.stdout!.removeAllListeners('data').resume();
      resolve(Number(m[1]));
    });
  });
  const pid = child.pid!;
  return {
    port: listening, child,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024,
    handles: () => readdirSync(`/proc/${pid}/fd`).length,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () => new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => { clearTimeout(kill); done(); });
      child.kill('SIGTERM');
    }),
  };
}
