/**
 * `p2p-kit receive [--out DIR] [--yes]`: takes files offered to this peer over <p2p-file-drop>'s
 * protocol, asking on a TTY unless --yes (declining without one), writes them to disk as they stream
 * in, and ends once every offer has ended: 0 when each file's SHA-256 matched the sender's.
 */
import { mkdir } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { FileLinks, FINAL_STATES, type FileSessionHooks, type Transfer } from '../sessions/index.js';
import type { ClientArgs } from './args.js';
import { DiskSink } from './disk-sink.js';
import { outcomeLine, verdict } from './outcome.js';
import { openPeer } from './peer.js';
import { Progress } from './progress.js';

const MiB = 1024 * 1024;

export async function receive(a: ClientArgs, signal: AbortSignal): Promise<{ code: number; reason?: string }> {
  await mkdir(a.out, { recursive: true });
  const peer = await openPeer(a);
  process.stdout.write(`p2p-kit: receiving as ${peer.id} on ${a.server.origin}${a.server.pathname}\n`);
  const progress = new Progress();
  const seen: Transfer[] = [];
  const sinks = new Map<string, DiskSink>();
  let finish!: () => void;
  const finished = new Promise<void>((r) => { finish = r; });
  let asking = Promise.resolve();
  const ask = (t: Transfer): void => {
    const session = links.session(t.remote);
    if (a.yes) { session.accept(t.id); return; }
    if (!process.stdin.isTTY) { progress.log(`declined ${t.name} from ${t.remote}: run with --yes to accept without asking`); session.decline(t.id); return; }
    // One question at a time; an offer cancelled meanwhile is skipped (accept/decline are no-ops then).
    asking = asking.then(async () => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const answer = await rl.question(`Accept ${t.name} (${(t.size / MiB).toFixed(1)} MiB) from ${t.remote}? [y/N] `);
      rl.close();
      if (/^y(es)?$/i.test(answer.trim())) session.accept(t.id); else session.decline(t.id);
    });
  };
  const hooks: FileSessionHooks = {
    offer: (t) => { seen.push(t); clearTimeout(idle); ask(t); },
    change: (t, previous) => {
      progress.update(t);
      if (previous === t.state || !FINAL_STATES.has(t.state) || !seen.includes(t)) return;
      progress.log(outcomeLine(t, sinks.get(t.id)?.path));
      if (seen.every((s) => FINAL_STATES.has(s.state))) finish();
    },
    received: () => undefined,
  };
  const links = new FileLinks(() => hooks, (remote) => !a.to || remote === a.to, (id) => {
    const sink = new DiskSink(a.out, id);
    sinks.set(id, sink);
    return sink;
  });
  let timedOut = false;
  const idle = setTimeout(() => { timedOut = true; finish(); }, a.timeoutMs);
  const ac = new AbortController();
  links.setPeer(peer, ac.signal);
  signal.addEventListener('abort', () => { links.close(); finish(); }, { once: true });
  await finished;
  clearTimeout(idle);
  progress.stop();
  await new Promise((r) => setTimeout(r, 200)); // let our last `received` verdict leave before closing
  links.close();
  ac.abort();
  peer.destroy();
  if (timedOut && !seen.length) return { code: 1, reason: `timeout: no offer within ${a.timeoutMs / 1000} s` };
  return verdict(seen, new Set());
}
