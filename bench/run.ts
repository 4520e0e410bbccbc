/**
 * `npm run bench [-- --quick] [-- --only=browser,server,bundle,node,rooms]`: p2p-kit against PeerJS/PeerServer
 * and raw WebRTC in one run. Prints the table and writes bench/results.md and bench/results.json
 * (schema: bench/README.md). Not part of `npm test`: nothing here asserts a timing.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { buildPage, servePages } from './browser/pages.js';
import { runBrowser, type BrowserPlan, type Samples } from './browser/suite.js';
import { runBundles } from './bundle.js';
import { startKit, startStock, type Running } from './lib/signal.js';
import { markdownTable, type Impl, type Metric } from './lib/stats.js';
import { runServers, type ServerSamples } from './server/suite.js';
import { browserMetrics, bundleMetrics, serverMetrics, type Modes } from './lib/metrics.js';
import { checkTargets, targetsTable } from './lib/targets.js';
import { runNode } from './node/suite.js';
import { nodeMetrics } from './node/metrics.js';
import { runRoomBench } from './rooms/run.js';

const MiB = 1024 * 1024;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = new Set((args.find((a) => a.startsWith('--only='))?.slice(7) ?? 'browser,server,bundle,node,rooms').split(','));
const started = Date.now();
const log = (line: string): void => { process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`); };
const notes: string[] = [];

/** Soft open-file limit of this process (children inherit it); each peer costs one fd per side. */
function fdLimit(): number {
  try { return Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()) || 0; } catch { return 0; }
}

const plan = quick
  ? { runs: 3, sizes: [8 * MiB, 16 * MiB] as [number, number], file: { size: 32 * MiB, runs: 1 }, levels: [1000], serverRuns: 1, relayMessages: 5000 }
  : { runs: 5, sizes: [8 * MiB, 64 * MiB] as [number, number], file: { size: 256 * MiB, runs: 2, huge: 1024 * MiB }, levels: [1000, 5000, 10000], serverRuns: 3, relayMessages: 20000 };
if (!quick) {
  const limit = fdLimit();
  if (limit >= 52000) plan.levels.push(50000);
  else notes.push(`50k peers not run: open-file limit is ${limit} (each process needs > 50k sockets; raise \`ulimit -n\` to run it).`);
}

async function browserPart(): Promise<Samples> {
  const signal: Partial<Record<Impl, Running>> = {};
  const built = await Promise.all((['raw', 'peerjs', 'kit'] as const).map(async (i) => [i, await buildPage(i)] as const));
  const stock = await startStock();
  for (const [impl, err] of built) {
    if (err) { notes.push(`${impl} page did not build: ${err}`); continue; }
    if (impl !== 'kit') signal[impl] = stock;
  }
  if (!built.find(([i]) => i === 'kit')?.[1]) {
    const kit = await startKit();
    if (typeof kit === 'string') notes.push(kit);
    else signal.kit = kit;
  }
  const pages = await servePages();
  try {
    const p: BrowserPlan = {
      runs: plan.runs, sizes: plan.sizes, origin: pages.origin, log,
      // The 1 GiB file takes minutes: only when the whole run still fits in ~15 minutes.
      file: { ...plan.file, hugeUnlessAfter: started + 10 * 60000 },
      moreRunsUntil: started + 8 * 60000,
      signal: Object.fromEntries(Object.entries(signal).map(([k, v]) => [k, v.signal])),
    };
    const samples = await runBrowser(p);
    const done = Math.min(...Object.values(samples['connect.warm'] ?? {}).map((v) => v.length).filter((n) => n > 0));
    if (Number.isFinite(done) && done < plan.runs) notes.push(`browser figures: medians of ${done} runs, not ${plan.runs} (time budget or failures: see the log).`);
    if (plan.file.huge && !samples['file.huge.rate']?.kit.length) {
      notes.push(`${plan.file.huge / MiB} MiB file not measured (over the time budget, or it failed: see the log).`);
    }
    return samples;
  } finally {
    await pages.close();
    await stock.close();
    await signal.kit?.close();
  }
}

async function main(): Promise<void> {
  log(`${quick ? 'quick' : 'full'} run: ${[...only].join(', ')}`);
  const metrics: Metric[] = [];
  const modes: Modes = { sizes: plan.sizes, file: plan.file, levels: plan.levels, runs: plan.runs, serverRuns: plan.serverRuns };
  let browser: Samples = {};
  let servers: ServerSamples = {};
  let bundles: Awaited<ReturnType<typeof runBundles>> = {};
  if (only.has('bundle')) { log('bundle sizes'); bundles = await runBundles(); }
  // Servers before browsers: the browser part ends with the file runs, whose 1 GiB run is dropped
  // when the whole bench would not fit its time budget.
  if (only.has('server')) {
    log('server figures');
    servers = await runServers({ runs: plan.serverRuns, levels: plan.levels, relayMessages: plan.relayMessages, log });
  }
  if (only.has('browser')) { log('browser figures'); browser = await browserPart(); }
  if (only.has('browser')) metrics.push(...browserMetrics(browser, modes));
  if (only.has('node')) {
    log('Node ↔ Chromium figures');
    const node = await runNode({ runs: plan.runs, sizes: plan.sizes, log });
    notes.push(...node.notes);
    metrics.push(...nodeMetrics(node.samples, plan.sizes, metrics));
  }
  if (only.has('rooms')) { log('room figures'); metrics.push(...await runRoomBench({ runs: quick ? 1 : 3, log, notes })); }
  if (only.has('server')) metrics.push(...serverMetrics(servers, modes));
  if (only.has('bundle')) metrics.push(...bundleMetrics(bundles));

  const table = markdownTable(metrics);
  const targets = checkTargets(metrics);
  const chromium = (() => { try { return execFileSync(process.env.CHROME_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return 'unknown'; } })();
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', node: process.version, chromium, loadavg: loadavg().map((x) => Number(x.toFixed(2))) };
  const date = new Date().toISOString();
  const minutes = (Date.now() - started) / 60000;
  process.stdout.write(`${table}\n`);
  for (const n of notes) process.stdout.write(`- ${n}\n`);
  const md = [
    '# Benchmark results', '',
    `\`npm run bench${quick ? ' -- --quick' : ''}\` — ${date}, ${minutes.toFixed(1)} min, ${machine.cpus} cores (${machine.cpu}), ` +
      `load average at end ${machine.loadavg.join(' ')}, Node ${machine.node}, ${chromium}.`,
    `Browser figures: median of ${plan.runs} runs; server figures: median of ${plan.serverRuns} runs. ` +
      'Throughput and rates: higher is better; everything else: lower is better. See bench/README.md for what each row measures.', '',
    table, '',
    ...(targets.length ? ['## Targets (issue 15)', '', 'Ratios of medians from this run.', '', targetsTable(targets), ''] : []),
    ...(notes.length ? ['Notes:', '', ...notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
  if (!only.has('no-write')) {
    writeFileSync(new URL('./results.md', import.meta.url), md);
    writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify({
      schema: 1, date, mode: quick ? 'quick' : 'full', minutes: Number(minutes.toFixed(2)), machine,
      config: { runs: plan.runs, sizes: plan.sizes, file: plan.file, levels: plan.levels, serverRuns: plan.serverRuns, relayMessages: plan.relayMessages },
      metrics, targets, bundles, notes,
    }, null, 1)}\n`);
    log('wrote bench/results.md and bench/results.json');
  }
}

// Exit explicitly: the stock PeerServer keeps interval timers alive after its HTTP server closes.
main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
