/**
 * Starts Debian's `redis-server` on 127.0.0.1 (free port, no persistence) for multi-node tests,
 * and stops it. Each test file gets its own, so nothing leaks between runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface RedisProcess { url: string; port: number; close(): Promise<void> }

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once redis logs that it accepts connections; rejects after 10 s or if the binary is missing. */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freeTcpPort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 10 s')), 10000);
    child.once('error', (e) => { clearTimeout(timer); reject(e); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`redis-server exited with ${code}`)); });
    let seen = '';
    child.stdout!.on('data', (d: Buffer) => {
      seen += d.toString();
      if (/Ready to accept connections/.test(seen)) { clearTimeout(timer); resolve(); }
      if (seen.length > 65536) seen = seen.slice(-4096);
    });
  });
  child.removeAllListeners('exit');
  // A runner that exits without close() (crash, Ctrl-C) must not leave the server behind.
  const reap = (): void => { child.kill('SIGKILL'); };
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    close: () => new Promise((done) => { if (child.exitCode !== null) return done(); child.once('exit', () => done()); child.kill('SIGTERM'); }),
  };
}
