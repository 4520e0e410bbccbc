/**
 * `node --import tsx bench/first-transfer.ts [MiB] [rounds]`: why the first bulk transfer on a new
 * data channel crawls. Two pages (two browser contexts of one headless Chromium, as in the bench),
 * a bare RTCPeerConnection pair per try, signalled through Playwright; for each sender setting
 * (chunk size, bufferedAmount high/low water) one transfer on a fresh channel and one after it,
 * (the second one unpaced), with the receiver's arrival timeline: time to the first MiB, the longest gap between two
 * arrivals (a stall) and the whole time. Diagnosis only; the figures of record are `npm run bench`'s.
 */
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from './browser/suite.js';
import { fmt, median } from './lib/stats.js';

const MiB = 1024 * 1024;
const size = Math.max(1, Math.min(128, Number(process.argv[2] ?? 8))) * MiB;
const rounds = Math.max(1, Math.min(10, Number(process.argv[3] ?? 3)));
/**
 * `pace`: at most this many bytes per ms handed to the channel (app-level pacing), 0 = none;
 * `rampMs`: the allowed rate doubles every this many ms (0 = constant); `paceBytes`: pacing ends after this many bytes.
 */
interface Setting { name: string; chunk: number; high: number; low: number; pace?: number; rampMs?: number; paceBytes?: number }
const SETTINGS: Setting[] = [
  { name: 'raw bench: 64 KiB, 8 MiB/1 MiB', chunk: 64 * 1024, high: 8 * MiB, low: MiB },
  { name: 'kit before: 256 KiB, 8 MiB/2 MiB', chunk: 256 * 1024, high: 8 * MiB, low: 2 * MiB },
  { name: '64 KiB, 1 MiB/256 KiB', chunk: 64 * 1024, high: MiB, low: 256 * 1024 },
  { name: '256 KiB, 1 MiB/256 KiB', chunk: 256 * 1024, high: MiB, low: 256 * 1024 },
  { name: '64 KiB, 256 KiB/64 KiB', chunk: 64 * 1024, high: 256 * 1024, low: 64 * 1024 },
  { name: '64 KiB, 1 MiB/256 KiB, paced 8 MiB/s', chunk: 64 * 1024, high: MiB, low: 256 * 1024, pace: 8 * MiB / 1000 },
  { name: '64 KiB, 1 MiB/256 KiB, paced 16 MiB/s', chunk: 64 * 1024, high: MiB, low: 256 * 1024, pace: 16 * MiB / 1000 },
  { name: '64 KiB, 1 MiB/256 KiB, paced 32 MiB/s', chunk: 64 * 1024, high: MiB, low: 256 * 1024, pace: 32 * MiB / 1000 },
  { name: 'kit now: 256 KiB, 8 MiB/2 MiB, paced 8 MiB/s for the first 8 MiB', chunk: 256 * 1024, high: 8 * MiB, low: 2 * MiB, pace: 8 * MiB / 1000, paceBytes: 8 * MiB },
  { name: '64 KiB, 1 MiB/256 KiB, paced 8 MiB/s for the first 8 MiB', chunk: 64 * 1024, high: MiB, low: 256 * 1024, pace: 8 * MiB / 1000, paceBytes: 8 * MiB },
  { name: '64 KiB, 1 MiB/256 KiB, paced 8 MiB/s for the first 16 MiB', chunk: 64 * 1024, high: MiB, low: 256 * 1024, pace: 8 * MiB / 1000, paceBytes: 16 * MiB },
  { name: '64 KiB, 1 MiB/256 KiB, paced 8 MiB/s doubling every 500 ms', chunk: 64 * 1024, high: MiB, low: 256 * 1024, pace: 8 * MiB / 1000, rampMs: 500 },
  { name: '64 KiB, 1 MiB/256 KiB, paced 8 MiB/s doubling every 1000 ms', chunk: 64 * 1024, high: MiB, low: 256 * 1024, pace: 8 * MiB / 1000, rampMs: 1000 },
];
const ONLY = process.env.FT_ONLY ? new RegExp(process.env.FT_ONLY) : undefined;

/** Page code: `window.ft` with the caller and callee halves of one bare channel. */
const PAGE = `window.ft = {
  async offer() {
    const pc = this.pc = new RTCPeerConnection({ iceServers: [] });
    this.dc = pc.createDataChannel('ft', { ordered: true });
    this.dc.binaryType = 'arraybuffer';
    await pc.setLocalDescription();
    await new Promise((r) => { if (pc.iceGatheringState === 'complete') r(); pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); });
    return pc.localDescription.toJSON();
  },
  async answer(offer) {
    const pc = this.pc = new RTCPeerConnection({ iceServers: [] });
    this.channel = new Promise((r) => { pc.ondatachannel = (e) => { e.channel.binaryType = 'arraybuffer'; r(e.channel); }; });
    await pc.setRemoteDescription(offer);
    await pc.setLocalDescription();
    await new Promise((r) => { if (pc.iceGatheringState === 'complete') r(); pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); });
    return pc.localDescription.toJSON();
  },
  async accept(answer) {
    await this.pc.setRemoteDescription(answer);
    if (this.dc.readyState !== 'open') await new Promise((r) => { this.dc.onopen = r; });
  },
  async receive(n) {
    const dc = await this.channel;
    let got = 0, first = 0, last = 0, gap = 0, mib = 0;
    return new Promise((resolve) => {
      dc.onmessage = (e) => {
        const t = performance.now();
        if (!first) first = last = t;
        gap = Math.max(gap, t - last); last = t;
        got += e.data.byteLength;
        if (!mib && got >= 1048576) mib = t;
        if (got >= n) resolve({ end: performance.timeOrigin + t, gap, mib: performance.timeOrigin + mib });
      };
    });
  },
  async send(n, chunk, high, low, pace, ramp, paceBytes) {
    const dc = this.dc, buf = new Uint8Array(chunk);
    dc.bufferedAmountLowThreshold = low;
    const start = performance.now(), t0 = performance.timeOrigin + start;
    for (let off = 0; off < n; off += chunk) {
      if (dc.bufferedAmount + chunk > high) await new Promise((r) => { dc.onbufferedamountlow = r; });
      // Time at which 'off' bytes are allowed: rate pace·2^(t/ramp) integrated, solved for t.
      const due = !pace || (paceBytes && off >= paceBytes) ? 0 : !ramp ? off / pace : ramp * Math.log2(1 + off * Math.LN2 / (pace * ramp));
      const early = due - (performance.now() - start);
      if (early > 1) await new Promise((r) => setTimeout(r, early));
      dc.send(off + chunk <= n ? buf : buf.subarray(0, n - off));
    }
    return t0;
  },
  close() { this.pc?.close(); },
};`;

async function pageOf(browser: import('playwright-core').Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.setContent('<title>ft</title>');
  await page.evaluate(PAGE);
  return page;
}

/** `second`: a later transfer on the same channel, unpaced (the kit paces a channel's first bytes only). */
async function transfer(a: Page, b: Page, s: Setting, second = false): Promise<{ ms: number; mib: number; gap: number }> {
  const rx = b.evaluate((n) => (window as unknown as { ft: { receive(n: number): Promise<{ end: number; gap: number; mib: number }> } }).ft.receive(n), size);
  const t0 = await a.evaluate(([n, c, h, l, p, r, pb]) => (window as unknown as { ft: { send(...x: number[]): Promise<number> } }).ft.send(n, c, h, l, p, r, pb),
    [size, s.chunk, s.high, s.low, second ? 0 : s.pace ?? 0, s.rampMs ?? 0, s.paceBytes ?? 0]);
  const r = await rx;
  return { ms: r.end - t0, mib: r.mib - t0, gap: r.gap };
}

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const rows: Record<string, { first: number[]; firstMib: number[]; firstGap: number[]; second: number[] }> = {};
  try {
    const [a, b] = [await pageOf(browser), await pageOf(browser)];
    type Ft = { ft: { offer(): Promise<unknown>; answer(o: unknown): Promise<unknown>; accept(x: unknown): Promise<void>; close(): void } };
    for (let r = 0; r < rounds; r++) {
      for (const s of SETTINGS.filter((x) => !ONLY || ONLY.test(x.name))) {
        const offer = await a.evaluate(() => (window as unknown as Ft).ft.offer());
        const answer = await b.evaluate((o) => (window as unknown as Ft).ft.answer(o), offer);
        await a.evaluate((x) => (window as unknown as Ft).ft.accept(x), answer);
        const first = await transfer(a, b, s);
        const second = await transfer(a, b, s, true);
        await Promise.all([a, b].map((p) => p.evaluate(() => (window as unknown as Ft).ft.close())));
        const row = (rows[s.name] ??= { first: [], firstMib: [], firstGap: [], second: [] });
        row.first.push(first.ms); row.firstMib.push(first.mib); row.firstGap.push(first.gap); row.second.push(second.ms);
        process.stderr.write(`${s.name}: first ${first.ms.toFixed(0)} ms (1st MiB ${first.mib.toFixed(0)}, gap ${first.gap.toFixed(0)}), second ${second.ms.toFixed(0)} ms\n`);
      }
    }
  } finally {
    await browser.close();
  }
  const rate = (ms: number | null): string => (ms ? fmt(size / MiB / (ms / 1000)) : 'n/a');
  process.stdout.write(`\n${size / MiB} MiB, median of ${rounds}\n\n| sender setting | first: MiB/s | first: ms to 1st MiB | first: longest gap (ms) | second: MiB/s |\n|---|---:|---:|---:|---:|\n`);
  for (const [name, r] of Object.entries(rows)) {
    process.stdout.write(`| ${name} | ${rate(median(r.first))} | ${fmt(median(r.firstMib))} | ${fmt(median(r.firstGap))} | ${rate(median(r.second))} |\n`);
  }
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
