/**
 * Package figures (issue 11, item 5), in one run: the tarball's packed and installed size, and the
 * idle RSS of the signalling server as users start it — the compiled CLI (`node dist/server/cli.js
 * serve`, what `npx p2p-kit serve` runs) against stock PeerServer's CLI (`peerjs`), and the sources
 * through tsx (how the repository runs it) for reference. Plain Node, no loader flags; alternating
 * rounds, median. Needs `npm run build`. `node --import tsx bench/package.ts [--rounds=N]`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = new URL('..', import.meta.url).pathname;
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 5);
const SETTLE_MS = 3000;
const MiB = 1024 * 1024;

const SERVERS: Record<string, (port: number) => string[]> = {
  'p2p-kit serve (compiled)': (port) => ['dist/server/cli.js', 'serve', '--host', '127.0.0.1', '--port', String(port), '--quiet'],
  'peerjs (stock PeerServer 1.0.2)': (port) => ['node_modules/peer/dist/bin/peerjs.js', '--port', String(port)],
  'p2p-kit serve (sources via tsx)': (port) => ['bin/p2p-kit.js', 'serve', '--host', '127.0.0.1', '--port', String(port), '--quiet'],
};

const freePort = (): Promise<number> => new Promise((ok) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => ok(port)); });
});

/** Starts one server, waits until it answers HTTP and has idled, returns its RSS in bytes. */
async function idleRss(args: (port: number) => string[]): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, args(port), { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' }, stdio: 'ignore' });
  try {
    const until = Date.now() + 30000;
    for (;;) {
      if (Date.now() > until) throw new Error(`${args(port).join(' ')} did not start`);
      if (await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false)) break;
      await sleep(100);
    }
    await sleep(SETTLE_MS);
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
  } finally {
    child.kill();
  }
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };

const packed = (JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' })) as
  { size: number; unpackedSize: number; entryCount: number }[])[0]!;
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(SERVERS).map((k) => [k, []]));
for (let r = 0; r < ROUNDS; r++) for (const [name, args] of Object.entries(SERVERS)) samples[name]!.push(await idleRss(args));
const rss = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, +(median(v) / MiB).toFixed(1)]));
const [kit, peer] = Object.values(rss) as [number, number];
console.log(JSON.stringify({
  package: { packedKiB: +(packed.size / 1024).toFixed(1), installedKiB: +(packed.unpackedSize / 1024).toFixed(1), files: packed.entryCount },
  idleRssMiB: rss, kitVsPeerServer: `${((kit / peer - 1) * 100).toFixed(1)}%`, rounds: ROUNDS,
}, null, 2));
