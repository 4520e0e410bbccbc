/**
 * Pure helpers of the benchmark: medians, ratios and the markdown table. No I/O here, so
 * `test/node/bench-stats.test.ts` can check them without a browser or a server.
 */

/** The three columns every figure is measured for. */
export const IMPLS = ['kit', 'peerjs', 'raw'] as const;
export type Impl = (typeof IMPLS)[number];
export const IMPL_LABEL: Record<Impl, string> = { kit: 'p2p-kit', peerjs: 'PeerJS', raw: 'raw WebRTC' };

/** One measured figure: the median of `samples`, or `null` with a `note` when it could not be taken. */
export interface Figure { median: number | null; samples: number[]; note?: string }

/** One row of the table: a metric measured for each implementation. */
export interface Metric {
  /** Stable key for results.json, e.g. `connect.warm`. */
  key: string;
  /** Human label, e.g. `connect warm (ms)`. */
  label: string;
  unit: string;
  /** Whether a smaller value is better (latency, bytes) or a bigger one (throughput). */
  better: 'lower' | 'higher';
  values: Record<Impl, Figure>;
}

/** Median of finite numbers; `null` for none. Even counts average the two middle values. */
export function median(xs: readonly number[]): number | null {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** A figure from raw samples; an empty list becomes `null` with the note (why it is missing). */
export function figure(samples: readonly number[], note?: string): Figure {
  const clean = samples.filter((x) => Number.isFinite(x));
  const f: Figure = { median: median(clean), samples: clean };
  if (note !== undefined) f.note = note;
  else if (clean.length === 0) f.note = 'n/a';
  return f;
}

/** `a / b` when both exist and b is not 0. */
export function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b === 0) return null;
  return a / b;
}

/** Compact number: 3 significant digits, thousands kept whole (12345 → "12345", 0.01234 → "0.0123"). */
export function fmt(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return 'n/a';
  const a = Math.abs(x);
  if (a >= 100) return String(Math.round(x));
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return '0';
  return x.toPrecision(3);
}

/** A ratio with a `×` suffix, or `n/a`. */
export function fmtRatio(x: number | null): string {
  return x === null ? 'n/a' : `${x.toFixed(2)}×`;
}

function cell(f: Figure): string {
  return f.median === null ? (f.note ?? 'n/a') : fmt(f.median);
}

/** Escapes `|` so free text cannot break a table row. */
function esc(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/**
 * The results table: one row per metric, a column per implementation (`p2p-kit`, `PeerJS`,
 * `raw WebRTC`), then the ratio columns `p2p-kit / PeerJS` and `p2p-kit / raw`.
 */
export function markdownTable(metrics: readonly Metric[]): string {
  const head = ['metric', ...IMPLS.map((i) => IMPL_LABEL[i]), 'p2p-kit / PeerJS', 'p2p-kit / raw'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const m of metrics) {
    const { kit, peerjs, raw } = m.values;
    const row = [
      esc(m.label), cell(kit), cell(peerjs), cell(raw),
      fmtRatio(ratio(kit.median, peerjs.median)), fmtRatio(ratio(kit.median, raw.median)),
    ];
    lines.push(`| ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** An empty figure for every implementation, each with the same note. */
export function noFigures(note: string): Record<Impl, Figure> {
  return { kit: figure([], note), peerjs: figure([], note), raw: figure([], note) };
}
