/** One line per finished transfer, and the exit status of a whole command. */
import type { Transfer } from '../sessions/index.js';

const MiB = 1024 * 1024;
const size = (n: number) => (n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : `${n} B`);

/** What happened to `t`, for humans (`where`: the path a received file was saved to). */
export function outcomeLine(t: Transfer, where?: string): string {
  const verb = t.flow === 'out' ? 'sent to' : 'received from';
  switch (t.state) {
    case 'done': return `ok ${t.name} (${size(t.size)}) ${verb} ${t.remote}, SHA-256 ${t.sha256} verified${where ? ` -> ${where}` : ''}`;
    case 'declined': return `declined ${t.name}${t.reason && t.reason !== 'declined' ? ` (${t.reason})` : ''} by ${t.flow === 'out' ? t.remote : 'you'}`;
    case 'cancelled': return `cancelled ${t.name}`;
    default: return `failed ${t.name}: ${t.reason ?? t.state}`;
  }
}

/** Exit status and the one-line reason when not every transfer was verified. */
export function verdict(transfers: readonly Transfer[], timedOut: ReadonlySet<string>): { code: number; reason?: string } {
  const bad = transfers.find((t) => t.state !== 'done');
  if (transfers.length && !bad) return { code: 0 };
  if (!bad) return { code: 1, reason: 'nothing was transferred' };
  if (timedOut.has(bad.id)) return { code: 1, reason: `timeout: ${bad.remote} did not answer the offer of ${bad.name}` };
  if (bad.state === 'failed' && bad.reason === 'unreachable') return { code: 1, reason: `peer ${bad.remote} is not reachable` };
  if (bad.state === 'failed' && bad.reason === 'connection-lost') return { code: 1, reason: `lost the connection to ${bad.remote} (resume failed): ${bad.name}` };
  return { code: 1, reason: outcomeLine(bad) };
}
