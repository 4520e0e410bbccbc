/**
 * End to end: the demo built by Vite, served by our server (as `npm start` does), driven in two
 * browser contexts of Debian's Chromium: both join, see each other, call (remote video plays),
 * chat, send a file verified by SHA-256.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type SignallingServer } from '../../src/server/index.ts';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required'];

let dir: string, server: SignallingServer, browser: Browser, base: string;
const problems: string[] = [];

async function open(name: string, colorScheme: 'light' | 'dark'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${name}: ${m.text()}`); });
  await page.goto(`${base}?name=${name}`);
  return page;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'p2p-demo-'));
  await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
  server = createServer({ port: 0, host: '127.0.0.1', static: dir, allowDiscovery: true });
  await server.ready;
  const { port } = server.address() as { port: number };
  base = `http://127.0.0.1:${port}/`;
  browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('demo: join, see each other, call, chat, send a file', { timeout: 120000 }, async () => {
  const join = await browser.newPage();
  await join.goto(base);
  await join.getByLabel('Display name').waitFor();
  assert.equal(await join.getByRole('button', { name: 'Join' }).isVisible(), true);
  await join.close();

  const alice = await open('alice', 'light');
  const bob = await open('bob', 'dark');

  // Presence: each sees the other by display name.
  await alice.locator('p2p-roster [part=peer]', { hasText: 'bob' }).waitFor({ timeout: 20000 });
  await bob.locator('p2p-roster [part=peer]', { hasText: 'alice' }).waitFor({ timeout: 20000 });

  // Call: alice calls bob from the roster, bob accepts, remote video plays on both sides.
  await alice.locator('p2p-roster [part=peer]', { hasText: 'bob' }).locator('button[data-action=call]').click();
  await bob.locator('p2p-call').getByRole('button', { name: 'Accept' }).click({ timeout: 20000 });
  for (const page of [alice, bob]) {
    await page.waitForFunction(() => document.querySelector('p2p-call')?.getAttribute('state') === 'active', null, { timeout: 20000 });
    await page.waitForFunction(() => {
      const v = document.querySelector('p2p-call')?.shadowRoot?.querySelector('[part~=remote-video]')?.shadowRoot?.querySelector('video');
      return !!v && v.videoWidth > 0 && v.currentTime > 0;
    }, null, { timeout: 20000 });
  }

  // Chat: bob's chat followed the call to alice; text is delivered and shown as text.
  const text = 'hello <b>bob</b>';
  await alice.locator('p2p-chat').getByRole('textbox').fill(text);
  await alice.locator('p2p-chat').getByRole('textbox').press('Enter');
  await bob.locator('p2p-chat [part=log]').getByText(text).waitFor({ timeout: 20000 });
  assert.equal(await bob.locator('p2p-chat b').count(), 0);

  // File: alice sends 2 MiB, bob accepts, the received bytes hash the same.
  const bytes = Buffer.alloc(2 * 1024 * 1024, 0);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) & 0xff;
  const sha = createHash('sha256').update(bytes).digest('hex');
  const received = bob.evaluate(() => new Promise<string>((resolve) => {
    document.addEventListener('p2p-file-received', (e) => resolve((e as Event & { sha256: string }).sha256), { once: true });
  }));
  await alice.locator('p2p-file-drop input[type=file]').setInputFiles({ name: 'pattern.bin', mimeType: 'application/octet-stream', buffer: bytes });
  await bob.locator('p2p-file-drop').getByRole('button', { name: /Accept/ }).first().click({ timeout: 20000 });
  assert.equal(await received, sha);

  assert.deepEqual(problems, []);
});
