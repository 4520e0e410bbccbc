/**
 * The package as a user gets it: `npm pack` once, then temp projects outside the repository install
 * the tarball (ISSUE 11 point 4):
 * (a) the committed create-vite vanilla-ts app (its own tsconfig, `skipLibCheck: false`) builds with
 *     `npm run build` (`tsc && vite build`) and two Chromium pages chat through it against the
 *     *installed* `p2p-kit serve`, which also serves the built app;
 * (b) README's first example, the no-build page, served from another port, loads `p2p-kit.js` from
 *     that server, defines every tag and completes a chat (roster → chat button → message);
 * (c) plain `node` imports `p2p-kit/server` and `p2p-kit/protocol`, with no tsx or ioredis installed,
 *     type-checked by `tsc` (nodenext, `skipLibCheck: false`); asking for Redis names the package;
 * (d) the React 19, Vue 3 and Angular examples, copied into one project that installs the tarball,
 *     pass their type checks with their own tsconfigs (the frameworks' defaults): React 19 with
 *     TypeScript 7 (create-vite's) and `p2p-kit/jsx`, Vue with vue-tsc and `p2p-kit/vue`, Angular with
 *     TypeScript 5.9 (what Angular 21 installs);
 * and publint + attw on the tarball, failing on any problem they report.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { pack, project, ROOT, serveInstalled, sh, tempDir } from './support.ts';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-features=WebRtcHideLocalIpsWithMdns'];
const TAGS = ['p2p-peer', 'p2p-video', 'p2p-roster', 'p2p-chat', 'p2p-call', 'p2p-file-drop'];
const WAIT = { timeout: 30000 };
const BIN = (name: string) => join(ROOT, 'node_modules/.bin', name);

let packDir: string, tarball: string, app: string, browser: Browser;
let server: Awaited<ReturnType<typeof serveInstalled>> | undefined;
const dirs: string[] = [];

before(async () => {
  packDir = tempDir('pack');
  dirs.push(packDir);
  tarball = await pack(packDir);
  app = await project('vite-app', join(ROOT, 'test/consumer/vite-app'), [tarball]);
  dirs.push(app);
  browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ARGS });
});

after(async () => {
  server?.child.kill();
  await browser?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A page that fails the test on any uncaught error or console error. */
async function open(context: BrowserContext, url: string, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${url}: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${url}: ${m.text()}`); });
  await page.goto(url);
  return page;
}

async function say(from: Page, text: string): Promise<void> {
  const box = from.locator('p2p-chat').getByRole('textbox');
  await box.fill(text);
  await box.press('Enter');
}

test('(a) a fresh create-vite app builds with the tarball (tsc with skipLibCheck false, then vite) and two pages chat through the installed server', { timeout: 300000 }, async () => {
  assert.ok(!existsSync(join(app, 'node_modules/p2p-kit/src')), 'no sources in the installed package');
  await sh('npm', ['run', 'build'], app);
  const js = readFileSync(join(app, 'dist/index.html'), 'utf8');
  assert.match(js, /<script type="module"/);
  server = await serveInstalled(app, ['--static', 'dist', '--allow-discovery', '--quiet']);
  const base = `http://127.0.0.1:${server.port}/`;
  const problems: string[] = [];
  const [ca, cb] = [await browser.newContext(), await browser.newContext()];
  try {
    const ann = await open(ca, `${base}?id=ann-vite&remote=ben-vite`, problems);
    const ben = await open(cb, `${base}?id=ben-vite&remote=ann-vite`, problems);
    for (const p of [ann, ben]) await p.locator('body[data-peer=open]').waitFor(WAIT);
    await say(ann, 'hello from a vite app');
    await ben.waitForFunction(() => document.querySelector('output')?.value === 'hello from a vite app', null, WAIT);
    await say(ben, 'hello back');
    await ann.waitForFunction(() => document.querySelector('output')?.value === 'hello back', null, WAIT);
    assert.deepEqual(problems, []);
  } finally {
    await Promise.all([ca.close(), cb.close()]);
  }
});

test('(b) README\'s first example, the no-build page on another origin, defines every tag and chats', { timeout: 120000 }, async () => {
  assert.ok(server, 'needs the installed server of (a)');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const page = /```html\n([^]*?)```/.exec(readme)![1]!;
  assert.match(page, /<script type="module" src="http:\/\/127\.0\.0\.1:9000\/p2p-kit\.js"><\/script>/, 'the first example loads the bundle');
  const html = page.replaceAll('127.0.0.1:9000', `127.0.0.1:${server.port}`);
  const other: Server = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((ok) => other.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(other.address() as { port: number }).port}/`;
  const problems: string[] = [];
  const [ca, cb] = [await browser.newContext(), await browser.newContext()];
  try {
    const ann = await open(ca, url, problems);
    const ben = await open(cb, url, problems);
    for (const p of [ann, ben]) await p.locator('p2p-peer[state=open]').waitFor(WAIT);
    for (const p of [ann, ben]) {
      assert.deepEqual(await p.evaluate((tags) => tags.filter((t) => !customElements.get(t)), TAGS), [], 'every tag is defined');
    }
    const benId = await ben.evaluate(() => (document.querySelector('p2p-peer') as HTMLElement & { peerId: string }).peerId);
    await ann.locator(`p2p-roster li[data-peer-id="${benId}"] button[data-action=chat]`).click(WAIT);
    await say(ann, 'no toolchain needed');
    await ben.locator('p2p-chat [part=log]').getByText('no toolchain needed').waitFor(WAIT);
    assert.deepEqual(problems, []);
  } finally {
    await Promise.all([ca.close(), cb.close()]);
    await new Promise((ok) => other.close(ok));
  }
});

test('(c) plain node runs p2p-kit/server and p2p-kit/protocol with no tsx or ioredis installed, and tsc accepts their types', { timeout: 240000 }, async () => {
  const dir = await project('node', undefined, [tarball, '@types/node@20']);
  dirs.push(dir);
  for (const p of ['tsx', 'ioredis', 'esbuild']) assert.ok(!existsSync(join(dir, 'node_modules', p)), `${p} is not installed`);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')), type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] }, include: ['app.ts'],
  }));
  writeFileSync(join(dir, 'app.ts'), `import { createServer, MissingPeerDependencyError, type ServerOptions } from 'p2p-kit/server';
import { isValidId } from 'p2p-kit/protocol';
const options: ServerOptions = { port: 0, host: '127.0.0.1' };
const kit = createServer(options);
await kit.ready;
const id = await (await fetch('http://127.0.0.1:' + kit.address()!.port + '/peerjs/id')).text();
await kit.close();
let redis = '';
try { createServer({ ...options, redis: 'redis://127.0.0.1:1' }); } catch (err) {
  redis = err instanceof MissingPeerDependencyError ? err.packageName + ': ' + err.message : String(err);
}
console.log(JSON.stringify({ valid: isValidId(id), redis }));
`);
  await sh(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], dir); // the repo's TypeScript 5, the consumer's types
  writeFileSync(join(dir, 'app.js'), readFileSync(join(dir, 'app.ts'), 'utf8').replace(', type ServerOptions', '').replace(': ServerOptions', '').replace('address()!', 'address()'));
  const out = JSON.parse((await sh(process.execPath, ['app.js'], dir, 30000)).trim()) as { valid: boolean; redis: string };
  assert.equal(out.valid, true);
  assert.match(out.redis, /^ioredis: .*"redis" option needs the "ioredis" package: npm install ioredis/);
});

/** The examples' dependencies, as their frameworks' templates would install them. */
const EXAMPLE_DEPS = ['react@^19.3.1', 'react-dom@^19.3.1', '@types/react@^19.3.0', '@types/react-dom@^19.3.0', 'vite@^8.3.4',
  'vue@^3.5.45', 'vue-tsc@^3.3.13', '@vue/tsconfig@^0.9.1', 'typescript@~6.0.3', '@angular/core@^21.2.26', '@angular/common@^21.2.26',
  '@angular/compiler@^21.2.26', '@angular/platform-browser@^21.2.26', 'rxjs@^7.8.2'];

test('(d) the React 19, Vue 3 and Angular examples type-check against the installed tarball with their own tsconfigs', { timeout: 300000 }, async () => {
  const dir = tempDir('examples');
  dirs.push(dir);
  for (const ex of ['react19', 'vue3', 'angular']) cpSync(join(ROOT, 'examples', ex), join(dir, ex), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'examples', private: true, type: 'module' }));
  await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, ...EXAMPLE_DEPS], dir);
  assert.ok(!existsSync(join(dir, 'node_modules/p2p-kit/src')), 'the tarball, not the repository');
  await sh(join(app, 'node_modules/.bin/tsc'), ['-p', 'react19'], dir); // TypeScript 7, from the create-vite app of (a)
  await sh(join(dir, 'node_modules/.bin/vue-tsc'), ['-p', 'vue3'], dir);
  await sh(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'angular', '--noEmit'], dir);
});

test('publint and attw find no problem in the tarball', { timeout: 120000 }, async () => {
  const publint = await sh(BIN('publint'), [tarball, '--strict'], packDir);
  assert.match(publint, /All good!/);
  const entries = [...TAGS.map((t) => `./define/${t}.js`), './components/p2p-chat/p2p-chat.js'];
  // Exits non-zero on any problem; ESM-only, so the CommonJS resolution modes are not ours to pass.
  const attw = await sh(BIN('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii', '--include-entrypoints', ...entries], packDir);
  const checked = attw.split('\n').filter((l) => /^(node16 \(from ESM\)|bundler):/.test(l));
  assert.ok(checked.length >= 2 * (entries.length + 6), `attw checked every entry:\n${attw}`);
  assert.deepEqual(checked.filter((l) => !/🟢|\(wildcard\)/u.test(l)), [], attw);
});
