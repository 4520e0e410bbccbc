/**
 * End to end: the demo built by Vite, served by our server (as `npm start` does), driven in two
 * browser contexts of Debian's Chromium: both join, see each other, call (remote video plays),
 * chat, send a file verified by SHA-256. Then once more at phone width in dark mode: nothing
 * overflows sideways and the roster, call and chat are all there. Then room mode: "Start a room"
 * opens `?room=` with a share link, and three pages on `?room=x` each see two remote tiles playing.
 * Console errors fail every page, the bare join page included.
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

const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };

/** Records page errors and console errors of `page` under `name`. */
function watch(page: Page, name: string): Page {
  page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${name}: ${m.text()}`); });
  return page;
}

/** A new browser context for `name`; joins directly with `?name=` unless `name` is empty (the join page). */
async function open(name: string, colorScheme: 'light' | 'dark', viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, colorScheme, isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
  const page = watch(await context.newPage(), name || 'join page');
  await page.goto(name ? `${base}?name=${name}` : base);
  return page;
}

/** What overflows the page sideways, if anything: the page's scroll width against the viewport's. */
const overflow = (page: Page) => page.evaluate(() => {
  const width = document.scrollingElement!.scrollWidth;
  return width <= innerWidth ? '' : `scrollWidth ${width} > innerWidth ${innerWidth}`;
});

/** Alice calls bob from her roster, bob accepts; both calls go `active`. */
async function call(from: Page, to: Page, toName: string): Promise<void> {
  await from.locator('p2p-roster [part=peer]', { hasText: toName }).locator('button[data-action=call]').click();
  await to.locator('p2p-call').getByRole('button', { name: 'Accept' }).click({ timeout: 20000 });
  for (const page of [from, to]) {
    await page.waitForFunction(() => document.querySelector('p2p-call')?.getAttribute('state') === 'active', null, { timeout: 20000 });
  }
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
  const join = await open('', 'light');
  await join.getByLabel('Display name').waitFor();
  assert.equal(await join.getByRole('button', { name: 'Join' }).isVisible(), true);
  await join.context().close();

  const alice = await open('alice', 'light');
  const bob = await open('bob', 'dark');

  // Presence: each sees the other by display name.
  await alice.locator('p2p-roster [part=peer]', { hasText: 'bob' }).waitFor({ timeout: 20000 });
  await bob.locator('p2p-roster [part=peer]', { hasText: 'alice' }).waitFor({ timeout: 20000 });

  // Call: alice calls bob from the roster, bob accepts, remote video plays on both sides.
  await call(alice, bob, 'bob');
  for (const page of [alice, bob]) {
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

test('demo at phone width (390×844), dark: no sideways overflow; roster, call and chat visible', { timeout: 90000 }, async () => {
  const start = problems.length;
  const join = await open('', 'dark', PHONE);
  await join.getByLabel('Display name').waitFor();
  assert.equal(await overflow(join), '', 'join page');
  await join.context().close();

  const carol = await open('carol', 'dark', PHONE);
  const dave = await open('dave', 'light');
  await carol.locator('p2p-roster [part=peer]', { hasText: 'dave' }).waitFor({ timeout: 20000 });
  assert.equal(await overflow(carol), '', 'room, before the call');

  // A call (two videos) and a long unbroken chat line are what could push the layout wider.
  await call(carol, dave, 'dave');
  const long = `https://example.org/${'x'.repeat(120)}`;
  await dave.locator('p2p-chat').getByRole('textbox').fill(long);
  await dave.locator('p2p-chat').getByRole('textbox').press('Enter');
  await carol.locator('p2p-chat [part=log]').getByText(long).waitFor({ timeout: 20000 });
  assert.equal(await overflow(carol), '', 'room, in a call with a long message');

  for (const el of ['p2p-roster', 'p2p-call', 'p2p-chat']) {
    const box = carol.locator(el);
    await box.scrollIntoViewIfNeeded();
    assert.equal(await box.isVisible(), true, `${el} visible`);
    const { x, width } = (await box.boundingBox())!;
    assert.ok(x >= 0 && x + width <= PHONE.width + 0.5, `${el} within the screen width (x ${x}, width ${width})`);
  }
  assert.deepEqual(problems.slice(start), []);
});

test('demo room: "Start a room" opens ?room= with its link; three members each see two remote videos and count 3', { timeout: 90000 }, async () => {
  const start = problems.length;
  const starter = await open('', 'light');
  await starter.getByLabel('Room name (optional)').fill('demo x');
  await starter.getByRole('button', { name: 'Start a room' }).click();
  await starter.waitForURL(/\?room=demo-x$/);
  await starter.getByRole('heading', { name: 'Join room demo-x' }).waitFor();
  await starter.context().close();

  const room = `x${Date.now().toString(36)}`;
  const pages = await Promise.all(['ana', 'bo', 'cy'].map(async (name) => {
    const page = watch(await (await browser.newContext({ viewport: DESKTOP })).newPage(), `room ${name}`);
    await page.goto(`${base}?room=${room}&name=${name}`);
    return page;
  }));
  for (const page of pages) {
    assert.equal(await page.locator('#share-link').getAttribute('href'), `${base}?room=${room}`);
    // Two remote tiles whose video plays, and the room's own count, on every page.
    await page.waitForFunction(() => {
      const el = document.querySelector('p2p-room');
      const remote = [...el?.shadowRoot?.querySelectorAll('[part~=tile]:not([part~=local-tile])') ?? []];
      const playing = remote.filter((t) => {
        const v = t.querySelector('p2p-video')?.shadowRoot?.querySelector('video');
        return !!v && v.videoWidth > 0 && v.currentTime > 0;
      });
      return el?.getAttribute('count') === '3' && remote.length === 2 && playing.length === 2;
    }, null, { timeout: 30000 });
  }
  for (const page of pages) await page.context().close();
  assert.deepEqual(problems.slice(start), []);
});
