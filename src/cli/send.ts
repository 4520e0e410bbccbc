/**
 * `p2p-kit send <file…> --to <id>`: offers files to a peer over <p2p-file-drop>'s protocol (a browser
 * tab with the element, or `p2p-kit receive`), streams them from disk once accepted, resumes after a
 * dropped connection, and succeeds only when the receiver reports the SHA-256 matched.
 */
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { FileLinks, FINAL_STATES, type FileSessionHooks, type Transfer } from '../sessions/index.js';
import { ClientUsageError, type ClientArgs } from './args.js';
import { outcomeLine, verdict } from './outcome.js';
import { openPeer } from './peer.js';
import { Progress } from './progress.js';

/** A file on disk as a `File` whose bytes are read lazily (constant memory). */
async function fileFrom(path: string): Promise<File> {
  const st = await stat(path).catch(() => { throw new Error(`${path}: no such file`); });
  if (!st.isFile()) throw new Error(`${path}: not a regular file`);
  return new File([await openAsBlob(path)], basename(path), { lastModified: st.mtimeMs });
}

export async function send(a: ClientArgs, signal: AbortSignal): Promise<{ code: number; reason?: string }> {
  const to = a.to;
  if (!to) throw new ClientUsageError('send: --to <id> is required');
  if (!a.files.length) throw new ClientUsageError('send: name at least one file');
  const files = await Promise.all(a.files.map(fileFrom));
  const peer = await openPeer(a);
  const progress = new Progress();
  const mine: Transfer[] = [];
  const timedOut = new Set<string>();
  let finish!: () => void;
  const finished = new Promise<void>((r) => { finish = r; });
  const hooks: FileSessionHooks = {
    offer: (t) => links.session(t.remote).decline(t.id), // a sender takes nothing in
    change: (t, previous) => {
      progress.update(t);
      if (previous !== t.state && FINAL_STATES.has(t.state) && mine.includes(t)) {
        progress.log(outcomeLine(t));
        if (mine.every((m) => FINAL_STATES.has(m.state))) finish();
      }
    },
    received: () => undefined,
  };
  const ac = new AbortController();
  const links = new FileLinks(() => hooks, (remote) => remote === to, () => undefined);
  links.setPeer(peer, ac.signal);
  const session = links.session(to);
  for (const f of files) mine.push(session.send(f));
  links.dial(to);
  // An offer nobody answers ends the command: cancel it (the receiver is told) after --timeout.
  const timer = setTimeout(() => {
    for (const t of mine) if (t.state === 'offered') { timedOut.add(t.id); session.cancel(t.id); }
  }, a.timeoutMs);
  signal.addEventListener('abort', () => { for (const t of mine) session.cancel(t.id); }, { once: true });
  await finished;
  clearTimeout(timer);
  progress.stop();
  links.close();
  ac.abort();
  peer.destroy();
  return verdict(mine, timedOut);
}
