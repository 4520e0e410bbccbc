/**
 * Starts Debian's coturn (`turnserver`) on 127.0.0.1 for relay tests, configured for the REST-API
 * scheme our server mints credentials for. Relays and listens only on loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `pause()` freezes the process (SIGSTOP: every TURN packet is then really lost, as on a dead
 * network) and `resume()` lets it go on (SIGCONT); `close()` resumes it first.
 */
export interface Coturn { url: string; secret: string; pause(): void; resume(): void; close(): Promise<void> }

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Resolves once coturn logs that it listens; rejects after 10 s or if the binary is missing. */
export async function startCoturn(secret = `s-${Math.random().toString(36).slice(2)}-secret`): Promise<Coturn> {
  const port = await freeUdpPort();
  const dir = mkdtempSync(join(tmpdir(), 'coturn-'));
  const min = 50000 + Math.floor(Math.random() * 10000);
  const child: ChildProcess = spawn('turnserver', ['-n', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1',
    `--listening-port=${port}`, '--use-auth-secret', `--static-auth-secret=${secret}`, '--realm=p2p-kit.test',
    '--no-tls', '--no-dtls', '--no-cli', '--allow-loopback-peers', `--min-port=${min}`, `--max-port=${min + 200}`,
    `--userdb=${join(dir, 'turndb')}`, '--log-file=stdout', '--simple-log', `--pidfile=${join(dir, 'pid')}`],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('coturn did not start within 10 s')), 10000);
    child.once('error', (e) => { clearTimeout(timer); reject(e); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`coturn exited with ${code}`)); });
    let seen = '';
    child.stdout!.on('data', (d: Buffer) => {
      seen += d.toString();
      if (/DB connection success/.test(seen)) { clearTimeout(timer); resolve(); }
      if (seen.length > 65536) seen = seen.slice(-4096);
    });
  });
  child.removeAllListeners('exit');
  // A runner that exits without close() (crash, Ctrl-C) must not leave the server behind.
  const reap = (): void => { child.kill('SIGKILL'); };
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    secret,
    pause: () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGSTOP'); },
    resume: () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGCONT'); },
    close: () => new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGCONT'); // a stopped process would not handle SIGTERM
      child.kill('SIGTERM');
    }),
  };
}
