/**
 * Room figures (issue 13): `join()` → every link connected for meshes of 2, 4 and 6 members, and
 * at 4 members the upload and CPU each member costs. One headless Chromium, one browser context
 * per member (its own renderer), our server on 127.0.0.1, fake 720p camera and microphone.
 * Only p2p-kit has rooms; PeerJS and raw WebRTC have no column here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../browser/suite.js';
import type { Signal } from '../pages/common.js';

export interface RoomPlan { origin: string; signal: Signal; sizes: number[]; runs: number; log(line: string): void }
/** `room.join.<n>`: all n members call join() at once → the last member's links are all connected (ms). */
export type RoomSamples = Record<string, number[]>;

const TICK = 100; // /proc clock ticks per second on Linux

/** CPU seconds (user + system) of the descendants of `root` now (not `root` itself). */
export function treeCpu(root: number): number {
  const stats = new Map<number, { ppid: number; cpu: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(d), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / TICK });
    } catch { /* gone meanwhile */ }
  }
  let sum = 0;
  for (const s of stats.values()) {
    for (let p = s.ppid, hops = 0; p > 1 && hops < 64; p = stats.get(p)?.ppid ?? 0, hops++) {
      if (p === root) { sum += s.cpu; break; }
    }
  }
  return sum;
}

async function openMembers(browser: Browser, origin: string, n: number): Promise<Page[]> {
  return Promise.all(Array.from({ length: n }, async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${origin}/room/room.html`);
    await page.waitForFunction(() => window.benchReady === true, undefined, { timeout: 15000 });
    return page;
  }));
}

async function closeMembers(pages: Page[]): Promise<void> {
  await Promise.all(pages.map((p) => p.evaluate(() => window.benchRoom.leave()).catch(() => {})));
  await Promise.all(pages.map((p) => p.context().close().catch(() => {})));
}

/** One mesh of `n`: everyone joins at once; returns the slowest member's join → all-connected time. */
async function meshOnce(browser: Browser, p: RoomPlan, n: number, run: number, after?: (pages: Page[]) => Promise<void>): Promise<number> {
  const pages = await openMembers(browser, p.origin, n);
  try {
    const tag = `${Date.now().toString(36)}${run}`;
    await Promise.all(pages.map((page, i) => page.evaluate(([s, id]) => window.benchRoom.register(s, id), [p.signal, `m${tag}x${i}`] as const)));
    await Promise.all(pages.map((page) => page.evaluate(() => window.benchRoom.media())));
    const times = await Promise.race([
      Promise.all(pages.map((page) => page.evaluate(([room, k]) => window.benchRoom.join(room, k), [`bench-${tag}`, n] as const))),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`mesh of ${n}: not connected in 60 s`)), 60000)),
    ]);
    const t0 = Math.min(...times.map(([t]) => t));
    await after?.(pages);
    return Math.max(...times.map(([, t]) => t)) - t0;
  } finally {
    await closeMembers(pages);
  }
}

/** Upload per member (kbps, RTP bytes) and CPU per member (% of one core) over `ms` of a live 4-mesh. */
async function load(pages: Page[], pid: number, ms: number, samples: RoomSamples): Promise<void> {
  await new Promise((r) => setTimeout(r, 4000)); // past the encoders' ramp-up
  const sent = () => Promise.all(pages.map((page) => page.evaluate(() => window.benchRoom.bytesSent())));
  const [b0, c0, t0] = [await sent(), treeCpu(pid), Date.now()];
  await new Promise((r) => setTimeout(r, ms));
  const [b1, c1, t1] = [await sent(), treeCpu(pid), Date.now()];
  const secs = (t1 - t0) / 1000;
  for (let i = 0; i < pages.length; i++) (samples['room.uplink.4'] ??= []).push(((b1[i]! - b0[i]!) * 8) / 1000 / secs);
  (samples['room.cpu.4'] ??= []).push(((c1 - c0) / secs / pages.length) * 100);
}

export async function runRooms(p: RoomPlan): Promise<RoomSamples> {
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const samples: RoomSamples = {};
  try {
    const pid = Number(readFileSync('/proc/self/stat', 'utf8').split(' ')[0]); // the browser is our descendant
    for (let run = 0; run < p.runs; run++) {
      for (const n of p.sizes) {
        const measureLoad = n === 4 && run === 0;
        try {
          const ms = await meshOnce(browser, p, n, run, measureLoad ? (pages) => load(pages, pid, 5000, samples) : undefined);
          (samples[`room.join.${n}`] ??= []).push(ms);
          p.log(`room of ${n}, run ${run + 1}: full mesh in ${ms.toFixed(0)} ms`);
        } catch (e) {
          p.log(`room of ${n}, run ${run + 1} failed: ${(e as Error).message}`);
        }
      }
    }
  } finally {
    await browser.close();
  }
  return samples;
}
