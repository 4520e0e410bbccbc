/**
 * The targets of the performance round (issue 15) checked against one run's figures: each as a
 * ratio of medians taken in the same run, or a fixed bound. Pure, so bench-stats.test.ts checks it.
 */
import { fmt, fmtRatio, ratio, type Impl, type Metric } from './stats.js';

export interface TargetCheck {
  /** The metric row's label, or several rows joined. */
  what: string;
  target: string;
  /** What was measured, as shown. */
  measured: string;
  /** `null`: a figure is missing. */
  met: boolean | null;
}

type Side = Impl | number;
interface Target { keys: RegExp; target: string; check(m: Metric, all: Metric[]): { value: number | null; show: string; met: boolean | null } }

const LATENCY = /^(connect\.(register|first|warm)|media\.(stream|frame))$/;
const pick = (m: Metric, s: Side): number | null => (typeof s === 'number' ? s : m.values[s].median);

/** `kit / other` compared with `bound` (`le`: at most, `ge`: at least). */
function ratioTo(other: Side, op: 'le' | 'ge', bound: number) {
  return (m: Metric): { value: number | null; show: string; met: boolean | null } => {
    const r = ratio(m.values.kit.median, pick(m, other));
    return { value: r, show: fmtRatio(r), met: r === null ? null : op === 'le' ? r <= bound : r >= bound };
  };
}

const TARGETS: Target[] = [
  { keys: LATENCY, target: '≤ 1.1× raw', check: ratioTo('raw', 'le', 1.1) },
  { keys: LATENCY, target: '≤ 1.0× PeerJS', check: ratioTo('peerjs', 'le', 1.0) },
  { keys: /^data\.(small|big)\.first$/, target: '≥ 2× raw', check: ratioTo('raw', 'ge', 2) },
  { keys: /^data\.(small|big)\.steady$/, target: '≥ 1.0× PeerJS (steady state not hurt)', check: ratioTo('peerjs', 'ge', 1) },
  {
    keys: /^file\.(size|huge)\.rate$/, target: '≥ 0.9× the core\'s big one-send() steady',
    check: (m, all) => {
      const core = all.find((x) => x.key === 'data.big.steady')?.values.kit.median ?? null;
      const r = ratio(m.values.kit.median, core);
      return { value: r, show: fmtRatio(r), met: r === null ? null : r >= 0.9 };
    },
  },
  {
    keys: /^file\.huge\.heap$/, target: '< 48 MiB',
    check: (m) => { const v = m.values.kit.median; return { value: v, show: `${fmt(v)} MiB`, met: v === null ? null : v < 48 }; },
  },
  { keys: /^server\.(relay\.cpu|perPeer\.\d+)$/, target: '≤ 1.1× the bare ws relay', check: ratioTo('raw', 'le', 1.1) },
  { keys: /^server\.register\.10000$/, target: '≤ 1.0× PeerServer', check: ratioTo('peerjs', 'le', 1.0) },
  {
    keys: /^bundle\.allEager$/, target: '≤ 40 kB',
    check: (m) => { const v = m.values.kit.median; return { value: v, show: `${fmt(v)} kB`, met: v === null ? null : v <= 40 }; },
  },
  { keys: /^bundle\.core$/, target: '≤ 1.0× PeerJS', check: ratioTo('peerjs', 'le', 1.0) },
];

/** Every target that has its row in `metrics`, in the table's order. */
export function checkTargets(metrics: readonly Metric[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  for (const m of metrics) {
    for (const t of TARGETS) {
      if (!t.keys.test(m.key)) continue;
      const c = t.check(m, metrics as Metric[]);
      out.push({ what: m.label, target: t.target, measured: c.show, met: c.met });
    }
  }
  return out;
}

/** The targets as a markdown table (met / **missed** / not measured). */
export function targetsTable(checks: readonly TargetCheck[]): string {
  const lines = ['| row | target | this run | |', '| --- | --- | ---: | --- |'];
  for (const c of checks) lines.push(`| ${c.what.replace(/\|/g, '\\|')} | ${c.target} | ${c.measured} | ${c.met === null ? 'not measured' : c.met ? 'met' : '**missed**'} |`);
  return lines.join('\n');
}
