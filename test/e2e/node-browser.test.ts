/**
 * Node ↔ Chromium, all real: our signalling server, Debian's Chromium (fake devices) loading the built
 * bundle (dist/cdn/p2p-kit.js: run `npm run build` first, as `npm test` does), and the core / the CLI in
 * Node on @roamhq/wrtc.
 * - A Node Peer and a page Peer exchange data in every serialization; a call from the page is
 *   answered in Node and its tracks arrive there.
 * - `p2p-kit send` of a large file (P2P_E2E_FILE_MIB, default 256) to <p2p-file-drop>, accepted by
 *   clicking Accept, and `p2p-kit receive` of one the element sends: both verified by SHA-256 on both
 *   ends; the CLI's RSS growth during each transfer is logged.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type SignallingServer } from '../../src/server/index.ts';
import { Peer, type DataConnection, type MediaConnection } from '../../src/core/index.ts';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required'];
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/p2p-kit.js');
const MiB = 1024 * 1024;
const FILE_MIB = Number(process.env.P2P_E2E_FILE_MIB ?? 256);

/** The page's core Peer, as these tests use it (types only; the value lives in the page). */
type TabConn = { once(e: string, f: (...a: unknown[]) => void): void; send(d: unknown): Promise<void>; close(): void };
type TabPeer = { connect(id: string, o: { serialization: string }): TabConn; call(id: string, s: MediaStream): unknown };
type FileEvent = Event & { sha256: string; file: File; from: string };

let server: SignallingServer, browser: Browser, page: Page, port: number, dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'p2p-node-browser-'));
  const site = join(dir, 'site');
  // The page and the built bundle come from our server (a page from elsewhere may not reach 127.0.0.1).
  cpSync(join(ROOT, 'dist/cdn'), join(site, 'cdn'), { recursive: true });
  server = createServer({ port: 0, host: '127.0.0.1', static: site });
  await server.ready;
  port = (server.address() as AddressInfo).port;
  browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args: ARGS });
  page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.error('page:', m.text()); });
  const html = `<!doctype html><meta charset="utf-8"><p2p-peer id="p" server="http://127.0.0.1:${port}/" peer-id="tab"></p2p-peer>
    <p2p-file-drop peer="p" remote="cli-sender"></p2p-file-drop>
    <script type="module" src="/cdn/p2p-kit.js"></script>`;
  writeFileSync(join(site, 'index.html'), html);
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => document.querySelector('p2p-peer')?.getAttribute('state') === 'open', null, { timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
  // @roamhq/wrtc 0.10 segfaults in its native teardown at normal exit once it has received media
  // (a known wrtc problem, not ours): end the process before that teardown runs.
  setImmediate(() => process.exit(process.exitCode ?? 0));
});

const endpoint = () => ({ host: '127.0.0.1', port, path: '/' });
const opened = (p: Peer) => new Promise<void>((resolve, reject) => { p.once('open', () => resolve()); p.once('error', reject); });

test('Node Peer <-> Chromium Peer: data both ways in every serialization', async () => {
  const node = new Peer('node-data', endpoint());
  try {
    await opened(node);
    node.on('connection', (c: DataConnection) => c.on('data', (d: unknown) => { void c.send(d); }));
    const results = await page.evaluate(async () => {
      const tab = (document.querySelector('p2p-peer') as unknown as { peer: TabPeer }).peer;
      const out: Record<string, unknown> = {};
      for (const serialization of ['binary', 'binary-utf8', 'json', 'raw', 'MsgPack']) {
        const c = tab.connect('node-data', { serialization });
        await new Promise<void>((resolve, reject) => { c.once('open', () => resolve()); c.once('error', reject); });
        const echoed = new Promise((resolve) => c.once('data', resolve));
        const sent = serialization === 'raw' ? 'raw text ✓' : { s: serialization, n: [1, 2, 3], text: 'grüße' };
        await c.send(sent);
        out[serialization] = await echoed;
        c.close();
      }
      return out;
    });
    assert.equal(results.raw, 'raw text ✓');
    for (const s of ['binary', 'binary-utf8', 'json', 'MsgPack']) assert.deepEqual(results[s], { s, n: [1, 2, 3], text: 'grüße' }, s);
  } finally { node.destroy(); }
});

test('a call from Chromium is answered in Node and its audio and video tracks arrive there', async () => {
  const node = new Peer('node-call', endpoint());
  try {
    await opened(node);
    let answered: MediaConnection | undefined;
    const tracks = new Promise<string[]>((resolve) => {
      node.on('call', (call: MediaConnection) => {
        answered = call;
        call.on('stream', (stream: MediaStream) => resolve(stream.getTracks().map((t) => t.kind).sort()));
        call.answer();
      });
    });
    await page.evaluate(async () => {
      const tab = (document.querySelector('p2p-peer') as unknown as { peer: TabPeer }).peer;
      const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      (window as unknown as { call: unknown }).call = tab.call('node-call', media);
    });
    assert.deepEqual(await tracks, ['audio', 'video']);
    // Hang up from the page and wait until Node saw it: @roamhq/wrtc crashes at exit (SIGSEGV) when a
    // media RTCPeerConnection is still being torn down.
    const closed = new Promise<void>((resolve) => answered!.once('close', () => resolve()));
    await page.evaluate(() => { (window as unknown as { call: { close(): void } }).call.close(); });
    await closed;
    for (const t of answered!.remoteStream?.getTracks() ?? []) t.stop();
    await new Promise((r) => setTimeout(r, 500));
  } finally { node.destroy(); }
});

/** Peak RSS growth of process `pid` while `running`, sampled from /proc every 250 ms (bounded by the run). */
function watchRss(pid: number, running: () => boolean): Promise<number> {
  const rss = () => { try { return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024; } catch { return 0; } };
  return new Promise((resolve) => {
    let first = 0, peak = 0;
    const timer = setInterval(() => {
      const now = rss();
      if (!running() || !now) { clearInterval(timer); resolve(peak - first); return; }
      first ||= now;
      peak = Math.max(peak, now);
    }, 250);
  });
}

function runCli(args: string[], onLine?: (l: string) => void) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '', running = true;
  child.stdout.on('data', (d: Buffer) => { stdout += String(d); for (const l of String(d).split('\n')) if (l) onLine?.(l); });
  child.stderr.on('data', (d: Buffer) => { stderr += String(d); });
  const kill = setTimeout(() => child.kill('SIGKILL'), 600_000);
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => {
    running = false; clearTimeout(kill); resolve({ code, stdout, stderr });
  }));
  return { done, rss: watchRss(child.pid!, () => running) };
}

/** A FILE_MIB file of pseudo-random bytes, and its SHA-256. */
async function bigFile(path: string): Promise<string> {
  const hash = createHash('sha256'), out = createWriteStream(path);
  const block = Buffer.alloc(MiB);
  for (let i = 0; i < FILE_MIB; i++) {
    for (let j = 0; j < MiB; j += 4) block.writeUInt32LE((Math.imul(i * MiB + j, 2654435761) >>> 0), j);
    hash.update(block);
    if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return hash.digest('hex');
}

const sha256File = (path: string) => new Promise<string>((resolve, reject) => {
  const h = createHash('sha256');
  createReadStream(path).on('data', (d) => h.update(d)).on('end', () => resolve(h.digest('hex'))).on('error', reject);
});

test(`p2p-kit send of a ${FILE_MIB} MiB file to <p2p-file-drop> in Chromium: accepted, verified on both ends`, { timeout: 900_000 }, async () => {
  const src = join(dir, 'big.bin');
  const sha = await bigFile(src);
  const received = page.evaluate(() => new Promise<{ sha256: string; size: number; from: string }>((resolve) => {
    document.querySelector('p2p-file-drop')!.addEventListener('p2p-file-received', (ev) => {
      const e = ev as FileEvent;
      resolve({ sha256: e.sha256, size: e.file.size, from: e.from });
    }, { once: true });
  }));
  const t0 = Date.now();
  const tx = runCli(['send', src, '--server', `http://127.0.0.1:${port}/`, '--to', 'tab', '--id', 'cli-sender']);
  await page.locator('p2p-file-drop').getByRole('button', { name: 'Accept' }).click({ timeout: 60_000 });
  const [run, got, rss] = await Promise.all([tx.done, received, tx.rss]);
  const s = (Date.now() - t0) / 1000;
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`ok big.bin .* sent to tab, SHA-256 ${sha} verified`));
  assert.deepEqual(got, { sha256: sha, size: FILE_MIB * MiB, from: 'cli-sender' });
  console.log(`send ${FILE_MIB} MiB Node -> Chromium: ${s.toFixed(1)} s, ${(FILE_MIB / s).toFixed(1)} MiB/s, CLI RSS growth ${(rss / MiB).toFixed(0)} MiB`);
  rmSync(src);
});

test(`p2p-kit receive of a ${FILE_MIB} MiB file that <p2p-file-drop> sends: written to disk, verified on both ends`, { timeout: 900_000 }, async () => {
  const out = join(dir, 'rx');
  let ready!: () => void;
  const registered = new Promise<void>((r) => { ready = r; });
  const rx = runCli(['receive', '--server', `http://127.0.0.1:${port}/`, '--id', 'cli-rx', '--out', out, '--yes'], (l) => { if (l.includes('receiving as cli-rx')) ready(); });
  await registered;
  const t0 = Date.now();
  const sent = await page.evaluate(async (mib) => {
    const drop = document.querySelector('p2p-file-drop') as HTMLElement & { remote: string; send(f: File): Promise<unknown> };
    drop.remote = 'cli-rx';
    // Deterministic bytes without holding the file twice: one 1 MiB block varied per MiB via a small header.
    const parts: BlobPart[] = [];
    const block = new Uint8Array(1024 * 1024).map((_, i) => (i * 31 + 7) & 255);
    for (let i = 0; i < mib; i++) { parts.push(new Uint32Array([i, i ^ 0x5bd1e995])); parts.push(block.subarray(8)); }
    const done = new Promise<string>((resolve) => drop.addEventListener('p2p-file-sent', (e) => resolve((e as unknown as FileEvent).sha256), { once: true }));
    await drop.send(new File(parts, 'from-tab.bin'));
    return done;
  }, FILE_MIB);
  const [run, rss] = await Promise.all([rx.done, rx.rss]);
  const s = (Date.now() - t0) / 1000;
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`ok from-tab.bin .* received from tab, SHA-256 ${sent} verified`));
  assert.equal(await sha256File(join(out, 'from-tab.bin')), sent);
  console.log(`receive ${FILE_MIB} MiB Chromium -> Node: ${s.toFixed(1)} s, ${(FILE_MIB / s).toFixed(1)} MiB/s, CLI RSS growth ${(rss / MiB).toFixed(0)} MiB`);
});
