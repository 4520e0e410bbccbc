// Loads every built story (storybook-static/) in headless Chromium and fails on page errors,
// console errors, Storybook's error display or an empty render. The live stories must also show
// what they are about once their play function ran: a call `active` on both sides with remote
// video playing, a chat message delivered each way, a file transfer `done` on both sides, a room of
// three with both remote videos playing on every side.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const root = 'storybook-static';
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  if (path === '/favicon.ico') { res.writeHead(204).end(); return; }
  try {
    const body = await readFile(join(root, path.endsWith('/') ? `${path}index.html` : path));
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const index = JSON.parse(await readFile(join(root, 'index.json'), 'utf8'));
const stories = Object.values(index.entries).filter((e) => e.type === 'story');
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-features=WebRtcHideLocalIpsWithMdns', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    '--autoplay-policy=no-user-gesture-required'] });

// What each live story must show (checked in the page until true). Ann's and Ben's halves are the
// `[data-side]` sections of stories/loopback.ts.
const both = (tag) => ['ann', 'ben'].map((side) => document.querySelector(`[data-side=${side}] ${tag}`));
const SHOWS = {
  call: () => both('p2p-call').every((c) => c?.state === 'active'
    && c.shadowRoot.querySelector('[part~=remote-video]')?.shadowRoot?.querySelector('video')?.videoWidth > 0),
  callCode: () => { const [a, b] = both('p2p-call'); return !!a?.verificationCode && a.verificationCode === b?.verificationCode; },
  chat: () => {
    const [a, b] = both('p2p-chat');
    const ok = (from, to) => from?.messages.some((m) => m.direction === 'out' && ['delivered', 'read'].includes(m.status)
      && to?.messages.some((n) => n.direction === 'in' && n.text === m.text));
    return ok(a, b) && ok(b, a);
  },
  chatCode: () => { const [a, b] = both('p2p-chat'); return !!a?.code && a.code === b?.code; },
  file: () => both('p2p-file-drop').every((d) => d?.transfers.some((t) => t.state === 'done')),
  // Every member joined, sees three, and the two remote tiles play video.
  room: () => {
    const rooms = [...document.querySelectorAll('p2p-room')];
    return rooms.length === 3 && rooms.every((r) => r.state === 'joined' && r.count === 3
      && [...r.shadowRoot.querySelectorAll('[part~=tile]:not([part~=local-tile]) p2p-video')]
        .filter((v) => v.shadowRoot?.querySelector('video')?.videoWidth > 0).length === 2);
  },
};
const EXPECT = {
  'elements-p2p-call--connected': ['call'],
  'elements-p2p-call--with-verification-code': ['call', 'callCode'],
  'elements-p2p-chat--two-peers': ['chat'],
  'elements-p2p-chat--with-verification-code': ['chat', 'chatCode'],
  'elements-p2p-file-drop--ask-first': ['file'],
  'elements-p2p-file-drop--auto-accept': ['file'],
  'elements-p2p-room--three-members': ['room'],
};
const missing = Object.keys(EXPECT).filter((id) => !stories.some((s) => s.id === id));
if (missing.length) { console.log(`✗ stories with checks are gone (renamed?): ${missing.join(', ')}`); process.exit(1); }

let passed = 0, failed = 0;
for (const story of stories) {
  const page = await browser.newPage();
  const problems = [];
  await page.addInitScript(`globalThis.both = ${both}`); // the SHOWS checks run in the page
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  try {
    await page.goto(`${base}/iframe.html?id=${story.id}&viewMode=story`, { timeout: 20000 });
    await page.waitForSelector('body.sb-show-main, body.sb-show-errordisplay', { timeout: 20000 });
    if (await page.$('body.sb-show-errordisplay')) problems.push('storybook error display');
    const empty = await page.$eval('#storybook-root', (el) => el.childElementCount === 0 && !el.textContent.trim());
    if (empty) problems.push('empty render');
    // Live stories: every <p2p-peer> must reach `open` on the loopback network.
    await page.waitForFunction(() => [...document.querySelectorAll('p2p-peer')].every((p) => p.getAttribute('state') === 'open'),
      null, { timeout: 15000 });
    for (const what of EXPECT[story.id] ?? []) {
      await page.waitForFunction(SHOWS[what], null, { timeout: 30000 })
        .catch(() => problems.push(`does not show ${what} (${SHOWS[what].toString().slice(6, 90)}…)`));
    }
  } catch (e) { problems.push(String(e)); }
  await page.close();
  if (problems.length) { failed++; console.log(`✗ ${story.id}\n  ${problems.join('\n  ')}`); }
  else { passed++; console.log(`✓ ${story.id}${EXPECT[story.id] ? ` (shows ${EXPECT[story.id].join(', ')})` : ''}`); }
}
await browser.close(); server.close();
console.log(`stories: ${passed} passed, ${failed} failed`);
process.exit(failed || !stories.length ? 1 : 0);
