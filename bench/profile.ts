/**
 * `node --import tsx bench/profile.ts [rounds]`: where a registration and a connection spend their
 * time, step by step, for p2p-kit, PeerJS and raw WebRTC in the same Chromium (the bench pages, with
 * bench/browser/trace-init.ts injected). Phases: register, connect (first and warm), call. Prints one table per phase: each step's median offset (ms)
 * from `new Peer()` / `connect()`, caller steps as `A:`, callee steps as `B:`. Diagnosis only: the
 * figures of record are `npm run bench`'s.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildPage, servePages } from './browser/pages.js';
import { CHROMIUM_ARGS, openPair } from './browser/suite.js';
import { TRACE_INIT } from './browser/trace-init.js';
import { startKit, startStock } from './lib/signal.js';
import { fmt, IMPLS, median, type Impl } from './lib/stats.js';

const rounds = Math.max(1, Math.min(20, Number(process.argv[2] ?? 5)));
const WARM_PER_ROUND = 3;
/** PROFILE_ONLY=kit,raw: just these columns; PROFILE_RAW_ON_KIT=1: the raw page signals through our server (tells server from client). */
const ONLY = process.env.PROFILE_ONLY?.split(',');
const RAW_ON_KIT = process.env.PROFILE_RAW_ON_KIT === '1';
/** PROFILE_PHASES=register,connect,call: just these phases (default all). */
const PHASES = new Set((process.env.PROFILE_PHASES ?? 'register,connect,call').split(','));
type Trace = [number, string][];
/** phase → step → impl → offsets (ms). */
const steps: Record<string, Record<string, Partial<Record<Impl, number[]>>>> = {};

const takeTrace = (p: Page): Promise<Trace> => p.evaluate(() => { const w = window as unknown as { __trace: [number, string][] }; return w.__trace.splice(0); });

function record(phase: string, impl: Impl, t0: number, traces: [string, Trace][], total: number): void {
  const rows = (steps[phase] ??= {});
  const put = (step: string, v: number): void => { ((rows[step] ??= {})[impl] ??= []).push(v); };
  put('= total', total);
  for (const [side, trace] of traces) {
    const seen = new Set<string>();
    for (const [t, label] of trace) {
      if (t < t0 || seen.has(label)) continue; // first occurrence of each step after the start
      seen.add(label);
      put(`${side}${label}`, t - t0);
    }
  }
}

/** PROFILE_CPU=1: also a V8 CPU profile of the caller page's registration, summed by function (self time). */
const CPU = process.env.PROFILE_CPU === '1';
interface CpuProfile { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] }
const cpuSelf: Partial<Record<Impl, Map<string, number>>> = {};
function addCpu(impl: Impl, p: CpuProfile): void {
  const name = new Map(p.nodes.map((n) => [n.id, `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`]));
  const m = (cpuSelf[impl] ??= new Map());
  p.samples.forEach((id, i) => { const k = name.get(id) ?? '?'; m.set(k, (m.get(k) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000); });
}

/** One round for one implementation: register both pages, then a first and some warm connections. */
async function profile(browser: Browser, impl: Impl, origin: string, sig: object): Promise<void> {
  const ctxInit = async (p: Page): Promise<void> => { await p.context().addInitScript(TRACE_INIT); };
  const pair = await openPair(browser, `${origin}/${impl}/${impl}.html`, ctxInit);
  const { a, b } = pair;
  const tag = Math.random().toString(36).slice(2, 8);
  try {
    const cpu = CPU ? await a.context().newCDPSession(a) : undefined;
    if (cpu) { await cpu.send('Profiler.enable'); await cpu.send('Profiler.setSamplingInterval', { interval: 100 }); await cpu.send('Profiler.start'); }
    const [ra] = await Promise.all([
      a.evaluate(([s, id]) => window.bench.register(s as never, id), [sig, `profA${tag}`] as const),
      b.evaluate(([s, id]) => window.bench.register(s as never, id), [sig, `profB${tag}`] as const),
    ]);
    record('register', impl, ra[0], [['', await takeTrace(a)]], ra[1] - ra[0]);
    if (cpu) addCpu(impl, (await cpu.send('Profiler.stop')).profile as CpuProfile);
    await takeTrace(b);
    for (let c = 0; PHASES.has('connect') && c <= WARM_PER_ROUND; c++) {
      await b.evaluate(() => window.bench.arm('accept'));
      const [[t0, tA], tB] = await Promise.all([a.evaluate((id) => window.bench.connect(id), `profB${tag}`), b.evaluate(() => window.bench.armed())]);
      record(c === 0 ? 'connect, first in page' : 'connect, warm', impl, t0, [['A:', await takeTrace(a)], ['B:', await takeTrace(b)]], Math.max(tA, tB) - t0);
      await Promise.all([a, b].map((p) => p.evaluate(() => window.bench.hangUp())));
      await new Promise((res) => setTimeout(res, 100));
      await Promise.all([a, b].map(takeTrace));
    }
    if (PHASES.has('call')) {
      await Promise.all([a, b].map((p) => p.evaluate(() => window.bench.media())));
      await Promise.all([a, b].map(takeTrace));
      await b.evaluate(() => window.bench.arm('answer'));
      const [t0, tStream] = await a.evaluate((id) => window.bench.call(id), `profB${tag}`);
      await b.evaluate(() => window.bench.armed());
      record('call → remote stream at caller', impl, t0, [['A:', await takeTrace(a)], ['B:', await takeTrace(b)]], tStream - t0);
    }
  } finally {
    await Promise.all(pair.ctxs.map((x) => x.close().catch(() => {})));
  }
}

async function main(): Promise<void> {
  for (const impl of IMPLS) { const err = await buildPage(impl); if (err) throw new Error(`${impl}: ${err}`); }
  const stock = await startStock();
  const kit = await startKit();
  if (typeof kit === 'string') throw new Error(kit);
  const pages = await servePages();
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    // Interleaved round by round, as in the bench, so a cold start or a load spike is shared.
    for (let r = 0; r < rounds; r++) {
      for (const impl of IMPLS.filter((i) => !ONLY || ONLY.includes(i))) {
        process.stderr.write(`round ${r + 1}/${rounds} ${impl}\n`);
        await profile(browser, impl, pages.origin, (impl === 'kit' || RAW_ON_KIT && impl === 'raw' ? kit : stock).signal);
      }
    }
  } finally {
    await browser.close();
    await pages.close();
    await stock.close();
    await kit.close();
  }
  for (const [impl, m] of Object.entries(cpuSelf)) {
    process.stdout.write(`\n### CPU self time during registration, ${impl} (ms summed over ${rounds} rounds)\n\n`);
    for (const [k, v] of [...m].sort((x, y) => y[1] - x[1]).slice(0, 15)) process.stdout.write(`- ${v.toFixed(1)} ${k}\n`);
  }
  for (const [phase, rows] of Object.entries(steps)) {
    process.stdout.write(`\n### ${phase} (median ms after the start; ${rounds} rounds)\n\n| step | ${IMPLS.join(' | ')} |\n|---|${IMPLS.map(() => '---:').join('|')}|\n`);
    const order = Object.entries(rows).sort(([, x], [, y]) => (median(x.kit ?? x.raw ?? x.peerjs ?? []) ?? 1e9) - (median(y.kit ?? y.raw ?? y.peerjs ?? []) ?? 1e9));
    for (const [step, v] of order) process.stdout.write(`| ${step} | ${IMPLS.map((i) => fmt(median(v[i] ?? []))).join(' | ')} |\n`);
  }
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
