/**
 * Browser figures (issue 6, items 1–3): connect latency, call → stream/first frame, one-send()
 * throughput and receiver heap growth. Two pages in two browser contexts of one headless
 * Chromium, loopback only, no ICE servers. Runs are interleaved across implementations so the
 * noise of a shared machine falls on all columns alike.
 */
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { IMPLS, type Impl } from '../lib/stats.js';
import type { Signal } from '../pages/common.js';

/** Chromium flags of TOOLCHAIN.md §4 (plain host candidates, fake devices, no background traffic). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

const MiB = 1024 * 1024;

export interface BrowserPlan {
  runs: number;
  /** Transfer sizes in bytes: [small, big]. */
  sizes: [number, number];
  /** Page origin (bench/browser/pages.ts) and the signalling server per implementation. */
  origin: string;
  signal: Partial<Record<Impl, Signal>>;
  /** File path (`<p2p-file-drop>`, only pages that have one): `runs` × `size`, then `huge` once. */
  file?: { size: number; runs: number; huge?: number; hugeUnlessAfter?: number };
  /** Runs after the third start only before this time (ms since epoch), so the bench stays bounded. */
  moreRunsUntil?: number;
  log(line: string): void;
}

/** Samples per metric key, per implementation. */
export type Samples = Record<string, Record<Impl, number[]>>;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no result in ${ms} ms`)), ms); }),
  ]);
}

/** Polls the receiver's JS heap + ArrayBuffer backing stores (every 100 ms) while a transfer runs. */
class HeapWatch {
  private peak = 0;
  private base = 0;
  private timer?: NodeJS.Timeout;
  private busy = false;
  constructor(private cdp: CDPSession) {}
  private async usage(): Promise<number> {
    const u = await this.cdp.send('Runtime.getHeapUsage') as { usedSize: number; backingStorageSize?: number };
    return u.usedSize + (u.backingStorageSize ?? 0);
  }
  async start(): Promise<void> {
    await this.cdp.send('HeapProfiler.collectGarbage');
    this.base = this.peak = await this.usage();
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.usage().then((u) => { this.peak = Math.max(this.peak, u); }, () => {}).finally(() => { this.busy = false; });
    }, 100);
  }
  /** Peak growth over the baseline, in MiB. */
  async stop(): Promise<number> {
    clearInterval(this.timer);
    this.peak = Math.max(this.peak, await this.usage());
    return (this.peak - this.base) / MiB;
  }
}

interface Pair { a: Page; b: Page; ctxs: BrowserContext[]; cdpB: CDPSession }

export async function openPair(browser: Browser, url: string, before?: (p: Page) => Promise<void>): Promise<Pair> {
  const ctxs = [await browser.newContext(), await browser.newContext()];
  const [a, b] = await Promise.all(ctxs.map((c) => c.newPage()));
  if (before) await Promise.all([a, b].map(before));
  await Promise.all([a, b].map(async (p) => {
    await p.goto(url);
    await p.waitForFunction(() => window.benchReady === true, undefined, { timeout: 15000 });
  }));
  return { a, b, ctxs, cdpB: await ctxs[1].newCDPSession(b) };
}

/** One run for one implementation; pushes what it measured into `out`. */
async function oneRun(browser: Browser, impl: Impl, plan: BrowserPlan, add: (key: string, v: number) => void): Promise<void> {
  const sig = plan.signal[impl];
  if (!sig) return;
  const pair = await openPair(browser, `${plan.origin}/${impl}/${impl}.html`);
  const { a, b } = pair;
  const tag = Math.random().toString(36).slice(2, 8);
  const [idA, idB] = [`benchA${tag}`, `benchB${tag}`];
  try {
    const [[a0, a1], [b0, b1]] = await withTimeout(Promise.all([
      a.evaluate(([s, id]) => window.bench.register(s, id), [sig, idA] as const),
      b.evaluate(([s, id]) => window.bench.register(s, id), [sig, idB] as const),
    ]), 15000, 'register');
    // Each page from its own `new Peer`: the two evaluate calls start a few ms apart, which is not the library's time.
    add('connect.register', Math.max(a1 - a0, b1 - b0));

    const connect = async (key: string): Promise<void> => {
      await b.evaluate(() => window.bench.arm('accept'));
      const [[t0, tA], tB] = await withTimeout(Promise.all([
        a.evaluate((id) => window.bench.connect(id), idB), b.evaluate(() => window.bench.armed()),
      ]), 15000, key);
      add(key, Math.max(tA, tB) - t0);
    };
    const transfer = async (key: string, n: number, heap = false): Promise<void> => {
      await a.evaluate((size) => window.bench.prepare(size), n);
      await b.evaluate((size) => window.bench.arm('receive', size), n);
      const watch = heap ? new HeapWatch(pair.cdpB) : undefined;
      await watch?.start();
      const [[t0], tEnd] = await withTimeout(Promise.all([
        a.evaluate(() => window.bench.send()), b.evaluate(() => window.bench.armed()),
      ]), 120000, key);
      add(key, n / MiB / ((tEnd - t0) / 1000));
      if (watch) add('heap.big', await watch.stop());
    };
    const hangUp = () => Promise.all([a, b].map((p) => p.evaluate(() => window.bench.hangUp())));

    const [small, big] = plan.sizes;
    await connect('connect.first');
    await transfer('data.small.first', small);
    await transfer('data.small.steady', small);
    await transfer('data.big.steady', big);
    await hangUp();
    await connect('connect.warm');
    // The heap is watched on this transfer, not a steady one: polling the receiver costs it some speed.
    await transfer('data.big.first', big, true);
    await hangUp();

    await Promise.all([a, b].map((p) => p.evaluate(() => window.bench.media())));
    await b.evaluate(() => window.bench.arm('answer'));
    const [t0, tStream, tFrame] = await withTimeout(a.evaluate((id) => window.bench.call(id), idB), 15000, 'call');
    add('media.stream', tStream - t0);
    add('media.frame', tFrame - t0);
  } finally {
    await Promise.all(pair.ctxs.map((c) => c.close().catch(() => {})));
  }
}

/** One file transfer of `n` bytes through the page's file path, with the receiver's heap watched. */
async function fileRun(browser: Browser, impl: Impl, plan: BrowserPlan, n: number, key: string, add: (key: string, v: number) => void): Promise<boolean> {
  const sig = plan.signal[impl];
  if (!sig) return false;
  const pair = await openPair(browser, `${plan.origin}/${impl}/${impl}.html`);
  const { a, b } = pair;
  const tag = Math.random().toString(36).slice(2, 8);
  try {
    if (!await a.evaluate(() => window.bench.hasFile())) return false;
    await Promise.all([
      a.evaluate(([s, id]) => window.bench.register(s, id), [sig, `fileA${tag}`] as const),
      b.evaluate(([s, id]) => window.bench.register(s, id), [sig, `fileB${tag}`] as const),
    ]);
    await a.evaluate((size) => window.bench.prepareFile(size), n);
    await b.evaluate((size) => window.bench.arm('file', size), n);
    const watch = new HeapWatch(pair.cdpB);
    await watch.start();
    // Bounded: at worst 2 MiB/s plus a minute, never more than 4.5 minutes (the run must fit 15 min).
    const limit = Math.min(270000, 60000 + (n / MiB / 2) * 1000);
    const [[t0], tEnd] = await withTimeout(Promise.all([
      a.evaluate((id) => window.bench.sendFile(id), `fileB${tag}`), b.evaluate(() => window.bench.armed()),
    ]), limit, key);
    add(`${key}.rate`, n / MiB / ((tEnd - t0) / 1000));
    add(`${key}.heap`, await watch.stop());
    return true;
  } finally {
    await Promise.all(pair.ctxs.map((c) => c.close().catch(() => {})));
  }
}

async function fileRuns(browser: Browser, plan: BrowserPlan, add: (impl: Impl) => (key: string, v: number) => void): Promise<void> {
  const f = plan.file;
  if (!f) return;
  for (const impl of IMPLS) {
    const jobs: [number, string][] = Array.from({ length: f.runs }, () => [f.size, 'file.size'] as [number, string]);
    if (f.huge) jobs.push([f.huge, 'file.huge']);
    const budget = f.hugeUnlessAfter ?? Infinity;
    for (const [i, [n, key]] of jobs.entries()) {
      const started = Date.now();
      if (key === 'file.huge' && started > budget) { plan.log(`file run ${n / MiB} MiB skipped: the run is over its time budget`); break; }
      try {
        if (!await fileRun(browser, impl, plan, n, key, add(impl))) break;
        plan.log(`file run ${i + 1}/${jobs.length} ${impl} ${n / MiB} MiB: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (e) {
        plan.log(`file run ${i + 1}/${jobs.length} ${impl} ${n / MiB} MiB failed: ${String((e as Error).message ?? e).split('\n')[0]}`);
      }
    }
  }
}

/** Runs the browser figures for every implementation that has a signalling server in `plan`. */
export async function runBrowser(plan: BrowserPlan): Promise<Samples> {
  const samples: Samples = {};
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const adder = (impl: Impl) => (key: string, v: number): void => {
    samples[key] ??= { kit: [], peerjs: [], raw: [] };
    samples[key][impl].push(v);
  };
  try {
    for (let run = 1; run <= plan.runs; run++) {
      if (run > 3 && Date.now() > (plan.moreRunsUntil ?? Infinity)) {
        plan.log(`browser runs stopped after ${run - 1}: over the time budget`);
        break;
      }
      for (const impl of IMPLS) {
        if (!plan.signal[impl]) continue;
        const started = Date.now();
        try {
          await oneRun(browser, impl, plan, adder(impl));
          plan.log(`browser run ${run}/${plan.runs} ${impl}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
        } catch (e) {
          plan.log(`browser run ${run}/${plan.runs} ${impl} failed: ${String((e as Error).message ?? e).split('\n')[0]}`);
        }
      }
    }
    await fileRuns(browser, plan, adder);
  } finally {
    await browser.close();
  }
  return samples;
}
