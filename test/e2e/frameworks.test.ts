/**
 * Framework embedding: each app in examples/ (React 19 with native custom elements, React with
 * @lit/react wrappers, on React 19 and on React 18, Vue 3, Angular compiled just in time) is built by Vite with its own
 * vite.config.ts, served from a folder,
 * and driven in Debian's Chromium. Per app: both <p2p-peer>s open on the in-page loopback network,
 * a message typed in one chat arrives in the other (and back), and the framework's own state,
 * fed by the p2p-state-change / p2p-message events, shows it. Console errors and warnings fail.
 *
 * Each app is built twice: for production (what ships) and with NODE_ENV=development (what
 * `npx vite examples/<app>` serves). Only the development builds of React and Vue warn about
 * misuse, e.g. Vue's "Failed to resolve component: p2p-chat" without `isCustomElement`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-features=WebRtcHideLocalIpsWithMdns'];
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
/**
 * React 18 lives next to the root's React 19 as the dependencies of the local package
 * examples/react18 (a devDependency `file:examples/react18`): react-dom 18 needs a *sibling*
 * react 18 for its peer dependency, which npm aliases (`react18@npm:react@18`) cannot give at the
 * root, where `react` is 19. The react-lit build for React 18 maps `react`/`react-dom` there.
 */
const REACT18 = join(fileURLToPath(new URL('../../examples/react18/', import.meta.url)), 'node_modules');
const REACT18_ALIAS = [
  { find: /^react(\/.*)?$/, replacement: `${join(REACT18, 'react')}$1` },
  { find: /^react-dom(\/.*)?$/, replacement: `${join(REACT18, 'react-dom')}$1` },
];
/** Each app: its folder in examples/, the React version it must run on, and a Vite alias for the build. */
const APPS = [
  { app: 'react19', dir: 'react19' },
  { app: 'react-lit', dir: 'react-lit', react: /^19\./ },
  { app: 'react-lit-react18', dir: 'react-lit', react: /^18\./, alias: REACT18_ALIAS },
  { app: 'vue3', dir: 'vue3' },
  { app: 'angular', dir: 'angular' },
] as const satisfies readonly { app: string; dir: string; react?: RegExp; alias?: unknown }[];
const MODES = ['production', 'development'] as const;
/** Console output that is expected: lit's development build announces itself. */
const EXPECTED = /Lit is in dev mode/;
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const WAIT = { timeout: 15000 };

let dir: string, server: Server, browser: Browser, base: string;

/** Serves `root` read-only; anything outside it or missing is a 404. */
function serve(root: string): Promise<Server> {
  const http = createServer((req, res) => {
    let file = normalize(join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (file.endsWith(sep)) file += 'index.html';
    if (!file.startsWith(root + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((ok) => http.listen(0, '127.0.0.1', () => ok(http)));
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'p2p-frameworks-'));
  // Each app uses its own vite.config.ts (as `npx vite build examples/<app>` would); `base: './'`
  // lets all builds live side by side under one static server. Vite takes NODE_ENV (which picks
  // React's/Vue's/lit's development builds) from the environment, not from `mode`.
  const nodeEnv = process.env.NODE_ENV;
  try {
    for (const mode of MODES) {
      process.env.NODE_ENV = mode;
      for (const a of APPS) {
        const root = join(EXAMPLES, a.dir);
        await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', base: './', mode,
          ...('alias' in a ? { resolve: { alias: [...a.alias] } } : {}),
          build: { outDir: join(dir, mode, a.app), emptyOutDir: true, chunkSizeWarningLimit: 2048 } });
      }
    }
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  server = await serve(resolve(dir));
  const { port } = server.address() as { port: number };
  base = `http://127.0.0.1:${port}/`;
  browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ARGS });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Text of the framework-rendered `[data-testid=<id>]` on one side. */
const shown = (page: Page, side: string, id: string) => page.locator(`[data-side=${side}] [data-testid=${id}]`);

async function say(page: Page, from: string, to: string, text: string): Promise<void> {
  const box = page.locator(`[data-side=${from}] p2p-chat`).getByRole('textbox');
  await box.fill(text);
  await box.press('Enter');
  await page.locator(`[data-side=${to}] p2p-chat [part=log]`).getByText(text).waitFor(WAIT);
}

for (const mode of MODES) for (const a of APPS) {
  const { app } = a;
  test(`${app} (${mode} build): peers open, chat both ways, framework state follows the events`, { timeout: 30000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if ((m.type() === 'error' || m.type() === 'warning') && !EXPECTED.test(m.text())) problems.push(`${m.type()}: ${m.text()}`);
    });
    try {
      await page.goto(`${base}${mode}/${app}/`);
      if ('react' in a) assert.match(await page.locator('main').getAttribute('data-react') ?? '', a.react, 'React version');

      // Properties reached the elements: the transport (an object) put both peers on the loopback
      // network under the ids the framework passed.
      await page.waitForFunction(() => document.querySelectorAll('p2p-peer[state=open]').length === 2, null, WAIT);
      assert.deepEqual(await page.$$eval('p2p-peer', (els) => els.map((el) => [el.peerId, el.name, el.discoverable])),
        [['ann', 'Ann', true], ['ben', 'Ben', true]]);
      for (const side of ['ann', 'ben']) await shown(page, side, 'peer-state').filter({ hasText: /^open$/ }).waitFor(WAIT);

      await say(page, 'ann', 'ben', `hi Ben, from ${app}`);
      await shown(page, 'ben', 'received').filter({ hasText: /^1$/ }).waitFor(WAIT);
      assert.equal(await shown(page, 'ben', 'last').textContent(), `hi Ben, from ${app}`);
      assert.equal(await shown(page, 'ann', 'received').textContent(), '0', 'own messages are not counted as received');

      await say(page, 'ben', 'ann', 'hi Ann');
      await shown(page, 'ann', 'received').filter({ hasText: /^1$/ }).waitFor(WAIT);
      assert.equal(await shown(page, 'ann', 'last').textContent(), 'hi Ann');
      assert.equal(await shown(page, 'ben', 'received').textContent(), '1');

      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}
