/**
 * Rows for the Node ↔ Chromium figures (pure). The Node figures go in the p2p-kit column (PeerJS
 * never ran in Node; raw WebRTC has no Node page here), and a ratio row divides each by the
 * Chromium ↔ Chromium p2p-kit row of the same size from the same run.
 */
import { figure, ratio, type Figure, type Metric } from '../lib/stats.js';

const mib = (n: number): string => `${n / (1024 * 1024)} MiB`;
const none = (): Figure => figure([], '—');

/**
 * `browser`: the Chromium ↔ Chromium rows of this run, if measured. The small transfer is the first
 * on its connection (as `data.small.first`), the big one comes after it (as `data.big.steady`).
 */
export function nodeMetrics(s: Record<string, number[]>, sizes: [number, number], browser: readonly Metric[]): Metric[] {
  const out: Metric[] = [];
  for (const [size, n, phase, phaseLabel] of [['small', sizes[0], 'first', 'first on new connection'], ['big', sizes[1], 'steady', 'steady state']] as const) {
    const base = browser.find((m) => m.key === `data.${size}.${phase}`)?.values.kit.median ?? null;
    for (const [dir, label] of [['toNode', 'Chromium → Node'], ['fromNode', 'Node → Chromium']] as const) {
      const key = `node.${size}.${dir}`;
      const f = figure(s[key] ?? []);
      out.push({ key, label: `${mib(n)} one send(), ${label}, ${phaseLabel} (MiB/s)`, unit: 'MiB/s', better: 'higher', values: { kit: f, peerjs: none(), raw: none() } });
      const r = ratio(f.median, base);
      const rf = r === null ? figure([], base === null ? 'n/a (no Chromium ↔ Chromium row in this run)' : 'n/a') : figure([r]);
      out.push({
        key: `${key}.ratio`, label: `${mib(n)} one send(), ${label} / Chromium ↔ Chromium, ${phaseLabel} (×)`,
        unit: '×', better: 'higher', values: { kit: rf, peerjs: none(), raw: none() },
      });
    }
  }
  return out;
}
