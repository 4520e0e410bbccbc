/**
 * The cross-engine harness: the test page (test/cross/page) built by Vite and served by one real
 * `p2p-kit serve` process, one headless Chromium (playwright-core) and one headless Firefox
 * (puppeteer-core over WebDriver BiDi), each with one page on it. The tests share them: a fresh
 * pair of browsers per case would cost more than the cases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import { puppeteerCore } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FIREFOX_PATH, FIREFOX_PREFS } from '../support/browsers.ts';
import { startCliServer, type Instance } from '../support/servers.ts';

export type Engine = 'chromium' | 'firefox';

/** One test page in one engine; `run` calls `window.cross[step](...args)` there (see page/main.ts). */
export interface EnginePage {
  engine: Engine;
  run<T = unknown>(step: string, ...args: unknown[]): Promise<T>;
  /** Loads the page again (a fresh Peer, nothing left from the previous case). */
  reload(): Promise<void>;
  /** Page errors and console errors seen so far. */
  problems: string[];
}

export interface Engines {
  chromium: EnginePage; firefox: EnginePage; url: string;
  /** Stops the server process (every socket drops, every registration is lost) and starts a new one on the same port after `downMs`. */
  restartServer(downMs: number): Promise<void>;
  close(): Promise<void>;
}

type CrossWindow = { cross: Record<string, (...a: unknown[]) => unknown> };
/** Runs in the page: both drivers serialize this function and its JSON argument. */
const inPage = ([step, args]: [string, unknown[]]): unknown => (globalThis as unknown as CrossWindow).cross[step]!(...args);
const ready = (): boolean => 'cross' in globalThis;

export async function startEngines(): Promise<Engines> {
  const dir = mkdtempSync(join(tmpdir(), 'p2p-cross-'));
  await build({ configFile: false, root: fileURLToPath(new URL('./page', import.meta.url)), logLevel: 'warn',
    build: { target: 'es2022', outDir: dir, emptyOutDir: true } });
  let server: Instance = await startCliServer(['--static', dir]);
  const url = `http://127.0.0.1:${server.port}/`;
  const [cr, ff] = await Promise.all([
    chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }),
    puppeteerCore.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true, extraPrefsFirefox: FIREFOX_PREFS }),
  ]);
  const crPage = await cr.newPage();
  const ffPage = await ff.newPage();
  const chromiumPage: EnginePage = {
    engine: 'chromium', problems: [],
    run: (step, ...args) => crPage.evaluate(inPage, [step, args] as [string, unknown[]]) as Promise<never>,
    reload: async () => { await crPage.goto(url); await crPage.waitForFunction(ready); },
  };
  crPage.on('pageerror', (e) => chromiumPage.problems.push(e.message));
  crPage.on('console', (m) => { if (m.type() === 'error') chromiumPage.problems.push(m.text()); });
  const firefoxPage: EnginePage = {
    engine: 'firefox', problems: [],
    run: (step, ...args) => ffPage.evaluate(inPage, [step, args] as [string, unknown[]]) as Promise<never>,
    reload: async () => { await ffPage.goto(url); await ffPage.waitForFunction(ready); },
  };
  ffPage.on('pageerror', (e) => firefoxPage.problems.push(String(e)));
  ffPage.on('console', (m) => { if (m.type() === 'error') firefoxPage.problems.push(m.text()); });
  await Promise.all([chromiumPage.reload(), firefoxPage.reload()]);
  return {
    chromium: chromiumPage, firefox: firefoxPage, url,
    async restartServer(downMs) {
      await server.stop();
      await new Promise((r) => setTimeout(r, downMs));
      server = await startCliServer(['--static', dir], server.port);
    },
    async close() {
      await Promise.allSettled([cr.close(), ff.close()]);
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let seq = 0;
/** A fresh peer id. */
export const uid = (p: string): string => `${p}${Date.now().toString(36)}${(seq++).toString(36)}`;

/**
 * Registers the shared engines for a test file: started once, every case with both pages loaded
 * afresh and no page or console error left at its end. Returns the getter and the two directions.
 */
export function useEngines(hooks: { before: Hook; after: Hook; beforeEach: Hook; afterEach: Hook }): {
  engines: () => Engines; directions: () => [EnginePage, EnginePage][];
} {
  let engines: Engines | undefined;
  hooks.before(async () => { engines = await startEngines(); }, { timeout: 120000 });
  hooks.after(async () => { await engines?.close(); });
  hooks.beforeEach(async () => {
    await Promise.all([engines!.chromium.reload(), engines!.firefox.reload()]);
    engines!.chromium.problems.length = 0;
    engines!.firefox.problems.length = 0;
  }, { timeout: 60000 });
  hooks.afterEach(() => {
    const problems = [...engines!.chromium.problems.map((p) => `chromium: ${p}`), ...engines!.firefox.problems.map((p) => `firefox: ${p}`)];
    if (problems.length) throw new Error(`page or console errors:\n${problems.join('\n')}`);
  });
  return {
    engines: () => engines!,
    directions: () => [[engines!.chromium, engines!.firefox], [engines!.firefox, engines!.chromium]],
  };
}
type Hook = (fn: () => unknown, options?: { timeout?: number }) => void;

/** `chromium → firefox`. */
export const arrow = (from: EnginePage, to: EnginePage): string => `${from.engine} → ${to.engine}`;
