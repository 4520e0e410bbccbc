/**
 * Turns raw samples into table rows (pure; the labels here are the table's row names). Server
 * figures put our server in the p2p-kit column, the stock `peer` server in the PeerJS column and
 * the bare `ws` relay (the floor) in the raw column; raw WebRTC has no bundle, so those cells say so.
 */
import { figure, noFigures, type Figure, type Impl, type Metric } from './stats.js';

export interface Modes {
  sizes: [number, number]; levels: number[]; runs: number; serverRuns: number;
  /** File-path sizes in bytes (`<p2p-file-drop>`): `size` measured `runs` times, `huge` once. */
  file?: { size: number; runs: number; huge?: number };
}
type PerImpl = Record<string, Record<Impl, number[]>>;
type PerServer = Record<string, Partial<Record<'kit' | 'peer' | 'ws', number[]>>>;
interface SizeLike { min: number | null; gz: number | null; eagerGz?: number | null; note?: string }

const mib = (n: number): string => `${n / (1024 * 1024)} MiB`;

function row(key: string, label: string, unit: string, better: Metric['better'], values: Record<Impl, Figure>): Metric {
  return { key, label, unit, better, values };
}

function fromSamples(s: PerImpl, key: string, missing?: string): Record<Impl, Figure> {
  const v = s[key];
  const f = (xs: number[] | undefined): Figure => (xs?.length ? figure(xs) : figure([], missing));
  return { kit: f(v?.kit), peerjs: f(v?.peerjs), raw: f(v?.raw) };
}

/** Rows for connect, media, throughput and receiver heap. */
export function browserMetrics(s: PerImpl, m: Modes): Metric[] {
  const [small, big] = m.sizes;
  const r = (key: string, label: string, unit: string, better: Metric['better']): Metric => row(key, label, unit, better, fromSamples(s, key));
  return [
    r('connect.register', 'register: new Peer → open on both (ms)', 'ms', 'lower'),
    r('connect.first', 'connect() → open on both, first in page (ms)', 'ms', 'lower'),
    r('connect.warm', 'connect() → open on both, warm (ms)', 'ms', 'lower'),
    r('media.stream', 'call() → remote stream at caller (ms)', 'ms', 'lower'),
    r('media.frame', 'call() → first decoded remote frame (ms)', 'ms', 'lower'),
    r('data.small.first', `${mib(small)} one send(), first on new connection (MiB/s)`, 'MiB/s', 'higher'),
    r('data.small.steady', `${mib(small)} one send(), steady state (MiB/s)`, 'MiB/s', 'higher'),
    r('data.big.first', `${mib(big)} one send(), first on new connection (MiB/s)`, 'MiB/s', 'higher'),
    r('data.big.steady', `${mib(big)} one send(), steady state (MiB/s)`, 'MiB/s', 'higher'),
    r('heap.big', `receiver peak heap growth during ${mib(big)} (MiB)`, 'MiB', 'lower'),
    ...fileMetrics(s, m),
  ];
}

/** The file path exists only in p2p-kit (`<p2p-file-drop>`), so the other columns say `—`. */
function fileMetrics(s: PerImpl, m: Modes): Metric[] {
  if (!m.file) return [];
  const out: Metric[] = [];
  const sizes: [string, number | undefined][] = [['file.size', m.file.size], ['file.huge', m.file.huge]];
  for (const [key, n] of sizes) {
    if (!n) continue;
    const values = (k: string): Record<Impl, Figure> => {
      const v = fromSamples(s, k, '—');
      if (v.kit.median === null) v.kit.note = 'n/a';
      return v;
    };
    out.push(row(`${key}.rate`, `${mib(n)} file via \`<p2p-file-drop>\`, send → verified at receiver (MiB/s)`, 'MiB/s', 'higher', values(`${key}.rate`)));
    out.push(row(`${key}.heap`, `receiver peak heap growth during ${mib(n)} file (MiB)`, 'MiB', 'lower', values(`${key}.heap`)));
  }
  return out;
}

function serverFigures(s: PerServer, key: string): Record<Impl, Figure> {
  const v = s[key];
  return { kit: figure(v?.kit ?? []), peerjs: figure(v?.peer ?? []), raw: figure(v?.ws ?? []) };
}

/** Rows for the signalling servers (p2p-kit column: ours; PeerJS column: `peer` 1.0.2; raw column: the bare `ws` relay). */
export function serverMetrics(s: PerServer, m: Modes): Metric[] {
  const top = Math.max(...m.levels);
  const k = (n: number): string => (n >= 1000 ? `${n / 1000}k` : String(n));
  const out: Metric[] = [];
  for (const n of m.levels) out.push(row(`server.rss.${n}`, `server RSS, ${k(n)} peers (MiB)`, 'MiB', 'lower', serverFigures(s, `server.rss.${n}`)));
  out.push(row(`server.perPeer.${top}`, `server RSS per peer at ${k(top)} (KiB)`, 'KiB', 'lower', serverFigures(s, `server.perPeer.${top}`)));
  for (const n of m.levels) out.push(row(`server.register.${n}`, `time to register ${k(n)} peers (ms)`, 'ms', 'lower', serverFigures(s, `server.register.${n}`)));
  out.push(row('server.relay.rate', `relay rate, 1 KiB OFFERs at ${k(top)} peers (msg/s)`, 'msg/s', 'higher', serverFigures(s, 'server.relay.rate')));
  out.push(row('server.relay.cpu', 'server CPU per relayed 1 KiB message (µs)', 'µs', 'lower', serverFigures(s, 'server.relay.cpu')));
  return out;
}

function kb(size: SizeLike | undefined, part: 'gz' | 'eagerGz' = 'gz'): Figure {
  if (!size) return figure([], 'n/a');
  const v = size[part] ?? null;
  return v === null ? figure([], size.note ?? 'n/a') : figure([v / 1000]);
}

/** Rows for bundle sizes, in kB (1000 bytes) min+gzip. */
export function bundleMetrics(b: Record<string, SizeLike>): Metric[] {
  const none = figure([], '—');
  const out: Metric[] = [
    // PeerJS has no lazy chunks: its eager and total sizes are the same.
    row('bundle.core', 'core `{ Peer }`, initial load, min+gz (kB) [PeerJS: `{ Peer }`]', 'kB', 'lower', { kit: kb(b['kit.peer'], 'eagerGz'), peerjs: kb(b['peerjs.esm']), raw: none }),
    row('bundle.coreAll', 'core, every export incl. lazy msgpackr/binarypack chunks, min+gz (kB) [PeerJS: + MsgPack serializer]', 'kB', 'lower', { kit: kb(b['kit.core']), peerjs: kb(b['peerjs.msgpack']), raw: none }),
    row('bundle.allEager', 'whole kit with lit, initial load, min+gz (kB) [PeerJS: + MsgPack serializer]', 'kB', 'lower', { kit: kb(b['kit.all'], 'eagerGz'), peerjs: kb(b['peerjs.msgpack']), raw: none }),
    row('bundle.all', 'whole kit with lit, incl. lazy chunks, min+gz (kB) [PeerJS: + MsgPack serializer]', 'kB', 'lower', { kit: kb(b['kit.all']), peerjs: kb(b['peerjs.msgpack']), raw: none }),
    row('bundle.peerjsMin', 'published peerjs.min.js, min+gz (kB)', 'kB', 'lower', { kit: none, peerjs: kb(b['peerjs.min']), raw: none }),
  ];
  for (const key of Object.keys(b).filter((x) => x.startsWith('kit.define.')).sort()) {
    const tag = key.slice('kit.define.'.length);
    out.push(row(`bundle.define.${tag}`, `\`<${tag}>\` alone (src/define), initial load, min+gz (kB)`, 'kB', 'lower', { kit: kb(b[key], 'eagerGz'), peerjs: none, raw: none }));
  }
  return out;
}

/** Rows that could not be measured in this run, with the reason. */
export function missingMetric(key: string, label: string, unit: string, note: string): Metric {
  return row(key, label, unit, 'lower', noFigures(note));
}
