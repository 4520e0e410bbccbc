/**
 * Node ↔ Chromium throughput (issue 14): a plain-Node p2p-kit Peer (src/core on @roamhq/wrtc, loaded
 * lazily by the core) and the kit bench page in headless Chromium, through our signalling server.
 * Same payload and the same steps as the Chromium ↔ Chromium "steady state" rows (a small transfer
 * first, then the big ones on the same connection), both directions, so the two can be divided.
 * Times: `performance.timeOrigin + performance.now()` on both sides (one machine, one clock).
 */
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { Peer, type DataConnection } from '../../src/core/index.js';
import { buildPage, servePages } from '../browser/pages.js';
import { CHROMIUM_ARGS, openPair } from '../browser/suite.js';
import { startKit } from '../lib/signal.js';
import { checkPayload, makePayload, toBytes, type Signal } from '../pages/common.js';

const MiB = 1024 * 1024;
const now = (): number => performance.timeOrigin + performance.now();

export interface NodePlan { runs: number; sizes: [number, number]; log(line: string): void }
/** Samples in MiB/s per key (`node.small.toNode`, `node.big.toNode`, `node.big.fromNode`, …). */
export type NodeSamples = Record<string, number[]>;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no result in ${ms} ms`)), ms); }),
  ]);
}

function opened(peer: Peer): Promise<void> {
  return new Promise((resolve, reject) => { peer.once('open', () => resolve()); peer.once('error', reject); });
}

/** Runs the Node ↔ Chromium rows; returns the samples and notes on what could not be measured. */
export async function runNode(plan: NodePlan): Promise<{ samples: NodeSamples; notes: string[] }> {
  const samples: NodeSamples = {};
  const notes: string[] = [];
  const add = (key: string, v: number): void => { (samples[key] ??= []).push(v); };
  const err = await buildPage('kit');
  if (err) return { samples, notes: [`Node ↔ Chromium: kit page did not build: ${err}`] };
  const kit = await startKit();
  if (typeof kit === 'string') return { samples, notes: [`Node ↔ Chromium: ${kit}`] };
  const pages = await servePages();
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    for (let run = 1; run <= plan.runs; run++) {
      const started = Date.now();
      try {
        await oneRun(browser, pages.origin, kit.signal, plan.sizes, add);
        plan.log(`node run ${run}/${plan.runs}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (e) {
        plan.log(`node run ${run}/${plan.runs} failed: ${String((e as Error).message ?? e).split('\n')[0]}`);
      }
    }
  } finally {
    await browser.close();
    await pages.close();
    await kit.close();
  }
  const done = samples['node.big.fromNode']?.length ?? 0;
  if (done < plan.runs) notes.push(`Node ↔ Chromium: ${done} of ${plan.runs} runs completed (see the log).`);
  return { samples, notes };
}

type Browser = Awaited<ReturnType<typeof chromium.launch>>;

/** One run: fresh Node Peer and page, the page connects, then small and big sends both ways. */
async function oneRun(browser: Browser, origin: string, sig: Signal, [small, big]: [number, number], add: (k: string, v: number) => void): Promise<void> {
  const pair = await openPair(browser, `${origin}/kit/kit.html`);
  const page = pair.a;
  const tag = Math.random().toString(36).slice(2, 8);
  const nodeId = `nodeN${tag}`;
  const node = new Peer(nodeId, { host: sig.host, port: sig.port, path: sig.path, key: sig.key, secure: false, debug: 0, config: { iceServers: [] } });
  try {
    await withTimeout(Promise.all([opened(node), page.evaluate(([s, id]) => window.bench.register(s, id), [sig, `nodeP${tag}`] as const)]), 15000, 'register');
    const conn = await withTimeout(new Promise<DataConnection>((resolve) => {
      node.once('connection', (c: DataConnection) => c.once('open', () => resolve(c)));
      void page.evaluate((id) => window.bench.connect(id), nodeId);
    }), 15000, 'connect');

    const toNode = async (n: number): Promise<number> => {
      await page.evaluate((size) => window.bench.prepare(size), n);
      const got = new Promise<number>((resolve, reject) => conn.once('data', (d: unknown) => {
        const t = now();
        toBytes(d).then((b) => { checkPayload(b, n); resolve(t); }, reject);
      }));
      const [[t0], tEnd] = await withTimeout(Promise.all([page.evaluate(() => window.bench.send()), got]), 120000, 'Chromium → Node');
      return n / MiB / ((tEnd - t0) / 1000);
    };
    const fromNode = async (n: number): Promise<number> => {
      const buf = makePayload(n);
      await page.evaluate((size) => window.bench.arm('receive', size), n);
      const t0 = now();
      const [, tEnd] = await withTimeout(Promise.all([conn.send(buf), page.evaluate(() => window.bench.armed())]), 120000, 'Node → Chromium');
      return n / MiB / ((tEnd - t0) / 1000);
    };
    // As in the Chromium ↔ Chromium rows: the small transfers are the first on the connection, the big
    // ones come after them (steady state).
    add('node.small.toNode', await toNode(small));
    add('node.small.fromNode', await fromNode(small));
    add('node.big.toNode', await toNode(big));
    add('node.big.fromNode', await fromNode(big));
  } finally {
    node.destroy();
    await Promise.all(pair.ctxs.map((c) => c.close().catch(() => {})));
  }
}
