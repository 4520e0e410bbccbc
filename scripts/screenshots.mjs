// Retakes the README screenshots in headless Chromium (playwright-core, Debian's /usr/bin/chromium):
//   docs/demo-desktop.png     Alice (desktop, light) in a call with Bob, a chat, a verified file
//   docs/demo-phone-dark.png  Bob's side of the same session at phone width in dark mode (whole page)
//   docs/demo-room-desktop.png  A room of three (?room=): Ana's side at desktop width, light
//   docs/demo-room-phone.png    Bo's side of the same room at phone width (390 px), whole page
//   docs/storybook-chat.png   Storybook: the p2p-chat story after its play function ran
//   docs/engines-{light,dark}-{chromium,firefox}.png  Chloe in Chromium calling Finn in Firefox ESR, light
//                             and dark: both sides of one session, to compare the elements across engines
//
// It builds nothing. Build first, then run it under tsx (it starts our server from src/):
//   npm run build:demo && npm run build-storybook && node --import tsx scripts/screenshots.mjs
// It serves dist-demo/ with the signalling server and storybook-static/ on 127.0.0.1, port 0 each.
// To shoot a demo that is already running instead (e.g. `npm start`), pass its address:
//   DEMO_URL=http://127.0.0.1:9000/ node --import tsx scripts/screenshots.mjs
// SHOTS=demo,room,storybook,engines (default: all) retakes only those groups.
// Images are taken at deviceScaleFactor 1 so each PNG stays well under 200 KB.
import { createServer as createHttp } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { puppeteerCore } from '@web/test-runner-chrome';
import { FIREFOX_PATH, FIREFOX_PREFS } from '../test/support/browsers.ts';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required',
  '--hide-scrollbars'];
const LONG = { timeout: 30000 };
const closers = [];
const SHOTS = new Set((process.env.SHOTS ?? 'demo,room,storybook,engines').split(','));

for (const [dir, how] of [...(SHOTS.has('storybook') ? [['storybook-static', 'npm run build-storybook']] : []), ...(process.env.DEMO_URL ? [] : [['dist-demo', 'npm run build:demo']])]) {
  if (!existsSync(join(dir, 'index.html'))) { console.error(`${dir}/ is missing: run \`${how}\` first`); process.exit(1); }
}

/** The demo's address: DEMO_URL, else our server on port 0 serving dist-demo/ (what `npm start` runs). */
async function demoUrl() {
  if (process.env.DEMO_URL) return process.env.DEMO_URL;
  const { createServer } = await import('../src/server/index.ts');
  const server = createServer({ port: 0, host: '127.0.0.1', static: 'dist-demo', allowDiscovery: true });
  await server.ready;
  closers.push(() => server.close());
  return `http://127.0.0.1:${server.address().port}/`;
}

/** storybook-static/ on a node:http server (as scripts/smoke-stories.mjs does). */
async function storybookUrl() {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };
  const http = createHttp(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    if (path === '/favicon.ico') { res.writeHead(204).end(); return; }
    const file = join('storybook-static', path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch { res.writeHead(404).end(); }
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => http.close(r)));
  return `http://127.0.0.1:${http.address().port}/`;
}

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ARGS });
closers.unshift(() => browser.close());
const errors = [];
async function page(viewport, colorScheme, name) {
  const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1, isMobile: viewport.width < 500 });
  const p = await context.newPage();
  p.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
  p.on('console', (m) => { if (m.type() === 'error') errors.push(`${name}: ${m.text()}`); });
  return p;
}
async function shot(p, file, options = {}) {
  await p.screenshot({ path: file, ...options });
  console.log(`${file}: ${((await stat(file)).size / 1024).toFixed(0)} KB`);
}
const remotePlays = (p) => p.waitForFunction(() => {
  const v = document.querySelector('p2p-call')?.shadowRoot?.querySelector('[part~=remote-video]')?.shadowRoot?.querySelector('video');
  return !!v && v.videoWidth > 0 && v.currentTime > 0.5;
}, null, LONG);
const say = async (from, to, text) => {
  await from.locator('p2p-chat').getByRole('textbox').fill(text);
  await from.locator('p2p-chat').getByRole('textbox').press('Enter');
  await to.locator('p2p-chat [part=log]').getByText(text).waitFor(LONG);
};

try {
  const base = await demoUrl();
  // The demo: Alice on a desktop (light), Bob on a phone (dark), in one session.
  if (SHOTS.has('demo')) {
    const alice = await page({ width: 1280, height: 760 }, 'light', 'alice');
    const bob = await page({ width: 390, height: 844 }, 'dark', 'bob');
    await alice.goto(`${base}?name=Alice`);
    await bob.goto(`${base}?name=Bob`);
    await alice.locator('p2p-roster [part=peer]', { hasText: 'Bob' }).locator('button[data-action=call]').click(LONG);
    await bob.locator('p2p-call').getByRole('button', { name: 'Accept' }).click(LONG);
    await Promise.all([remotePlays(alice), remotePlays(bob)]);
    await say(alice, bob, 'Hi Bob! Can you see me?');
    await say(bob, alice, 'Loud and clear. Sending you the notes now?');
    await say(alice, bob, 'Yes please, drop them here.');
    const notes = Buffer.from('Meeting notes\n'.repeat(40000));
    await alice.locator('p2p-file-drop input[type=file]').setInputFiles({ name: 'meeting-notes.txt', mimeType: 'text/plain', buffer: notes });
    await bob.locator('p2p-file-drop').getByRole('button', { name: /Accept/ }).first().click(LONG);
    for (const p of [alice, bob]) {
      await p.waitForFunction(() => document.querySelector('p2p-file-drop')?.transfers.some((t) => t.state === 'done'), null, LONG);
    }
    await alice.waitForFunction(() => document.querySelector('p2p-chat')?.messages.filter((m) => m.status === 'read').length >= 2, null, LONG);
    await shot(alice, 'docs/demo-desktop.png');
    await bob.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
    await shot(bob, 'docs/demo-phone-dark.png', { fullPage: true });
  }

  // A room of three on ?room=: Ana on a desktop, Bo on a phone, Cy on a desktop; every tile plays.
  if (SHOTS.has('room')) {
    const members = [['Ana', { width: 1280, height: 760 }], ['Bo', { width: 390, height: 844 }], ['Cy', { width: 1280, height: 760 }]];
    const pages = [];
    for (const [name, viewport] of members) {
      const p = await page(viewport, 'light', `room ${name}`);
      await p.goto(`${base}?room=standup&name=${name}`);
      pages.push(p);
    }
    for (const p of pages) {
      await p.waitForFunction(() => {
        const el = document.querySelector('p2p-room');
        const videos = [...el?.shadowRoot?.querySelectorAll('[part~=tile] p2p-video') ?? []].map((v) => v.shadowRoot?.querySelector('video'));
        return el?.getAttribute('count') === '3' && videos.length === 3 && videos.every((v) => v && v.videoWidth > 0 && v.currentTime > 0.5);
      }, null, LONG);
    }
    await shot(pages[0], 'docs/demo-room-desktop.png');
    await pages[1].evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
    await shot(pages[1], 'docs/demo-room-phone.png', { fullPage: true });
    for (const p of pages) await p.context().close();
  }

  // Storybook: the chat story, with its controls panel.
  if (SHOTS.has('storybook')) {
    const sb = await page({ width: 1200, height: 700 }, 'light', 'storybook');
    await sb.goto(`${await storybookUrl()}?path=/story/elements-p2p-chat--two-peers`);
    const preview = sb.frameLocator('#storybook-preview-iframe');
    await preview.locator('[data-side=ben] p2p-chat [part=log]').getByText('Hi Ann').waitFor(LONG);
    await sb.frames().find((f) => f.url().includes('iframe.html'))
      .waitForFunction(() => document.querySelector('[data-side=ben] p2p-chat')?.messages.some((m) => m.status === 'read'), null, LONG);
    await shot(sb, 'docs/storybook-chat.png');
  }

  // Both engines, light and dark: Chloe in Chromium calls Finn in Firefox (other names than the session
  // above, which is still online) (whose color scheme is a pref:
  // puppeteer's media emulation needs CDP, which Firefox does not speak).
  for (const scheme of SHOTS.has('engines') ? ['light', 'dark'] : []) {
    const viewport = { width: 1100, height: 760 };
    const alice = await page(viewport, scheme, `chloe (chromium ${scheme})`);
    const firefox = await puppeteerCore.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true,
      extraPrefsFirefox: { ...FIREFOX_PREFS, 'layout.css.prefers-color-scheme.content-override': scheme === 'dark' ? 0 : 1 } });
    closers.unshift(() => firefox.close().catch(() => {})); // closed below already unless a step failed
    const bob = await firefox.newPage();
    bob.on('pageerror', (e) => errors.push(`finn (firefox ${scheme}): ${e.message}`));
    bob.on('console', (m) => { if (m.type() === 'error') errors.push(`finn (firefox ${scheme}): ${m.text()}`); });
    await bob.setViewport(viewport);
    await alice.goto(`${base}?name=Chloe`);
    await bob.goto(`${base}?name=Finn`);
    await alice.locator('p2p-roster [part=peer]', { hasText: 'Finn' }).locator('button[data-action=call]').click(LONG);
    const clickIn = (tag, text) => bob.waitForFunction((t, x) => {
      const b = [...document.querySelector(t)?.shadowRoot?.querySelectorAll('button') ?? []].find((e) => e.textContent.trim().startsWith(x));
      b?.click();
      return !!b;
    }, LONG, tag, text);
    await clickIn('p2p-call', 'Accept');
    await remotePlays(alice);
    await bob.waitForFunction(() => {
      const v = document.querySelector('p2p-call')?.shadowRoot?.querySelector('[part~=remote-video]')?.shadowRoot?.querySelector('video');
      return !!v && v.videoWidth > 0 && v.currentTime > 0.5;
    }, LONG);
    await alice.locator('p2p-chat').getByRole('textbox').fill('Hi Finn, this is Chromium.');
    await alice.locator('p2p-chat').getByRole('textbox').press('Enter');
    await bob.waitForFunction(() => document.querySelector('p2p-chat')?.messages.some((m) => m.direction === 'in'), LONG);
    await bob.evaluate(() => document.querySelector('p2p-chat').send('Hi Chloe, Firefox here.'));
    await alice.locator('p2p-chat [part=log]').getByText('Firefox here').waitFor(LONG);
    await alice.locator('p2p-file-drop input[type=file]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Notes\n'.repeat(20000)) });
    await clickIn('p2p-file-drop', 'Accept');
    await alice.waitForFunction(() => document.querySelector('p2p-file-drop')?.transfers.some((t) => t.state === 'done'), null, LONG);
    await bob.waitForFunction(() => document.querySelector('p2p-file-drop')?.transfers.some((t) => t.state === 'done'), LONG);
    await shot(alice, `docs/engines-${scheme}-chromium.png`);
    await bob.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
    await bob.screenshot({ path: `docs/engines-${scheme}-firefox.png` });
    console.log(`docs/engines-${scheme}-firefox.png: ${((await stat(`docs/engines-${scheme}-firefox.png`)).size / 1024).toFixed(0)} KB`);
    await alice.context().close();
    await firefox.close();
  }

  if (errors.length) throw new Error(`console errors:\n  ${errors.join('\n  ')}`);
} finally {
  for (const close of closers) await close();
}
