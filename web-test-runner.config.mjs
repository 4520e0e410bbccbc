// Browser tests: real headless Debian Chromium and Firefox ESR with fake devices, against a real
// signalling server (ours, and a stock PeerServer for interop) started in this process on 127.0.0.1:0.
// WTR_BROWSERS=chromium|firefox runs one engine only (local runs); the default and CI run both.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FIREFOX_PATH, FIREFOX_PREFS, CHROMIUM_ONLY_TESTS } from './test/support/browsers.ts';
import { startTestServers } from './test/support/servers.ts';
import { bundledDeps } from './test/support/bundled-deps.ts';

const ALL_FILES = 'test/browser/**/*.test.ts';
const LAUNCHERS = {
  chromium: () => chromeLauncher({ launchOptions: {
    executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS } }),
  // Firefox over WebDriver BiDi through the puppeteer-core wtr already ships (no geckodriver, no download).
  firefox: () => chromeLauncher({ puppeteer: puppeteerCore, launchOptions: { browser: 'firefox',
    executablePath: FIREFOX_PATH, headless: true, extraPrefsFirefox: FIREFOX_PREFS } }),
};
const ENGINES = (process.env.WTR_BROWSERS ?? 'chromium,firefox').split(',').filter((e) => e in LAUNCHERS);
// Test files named on the command line (`web-test-runner --static-logging test/browser/x.test.ts`) run
// in every engine: wtr itself would only hand them to the default group.
const CLI_FILES = process.argv.slice(2).filter((a) => !a.startsWith('-') && /\.test\.ts$|\*/.test(a));
const FILES = CLI_FILES.length > 0 ? CLI_FILES : [ALL_FILES];
const ENGINE_FILES = {
  chromium: FILES,
  firefox: [...FILES, ...Object.keys(CHROMIUM_ONLY_TESTS).map((f) => `!test/browser/${f}`)],
};

// Each engine gets its own servers: the engines run at the same time, and tests freeze coturn and
// restart servers, which must not hit the other engine's tests.
const servers = {};
/** The test page: its engine's servers, and which engine runs it (what a test expects of `util.browser`). */
const runnerHtml = (engine) => (fw) => `<!doctype html><html><body>
    <script>window.TEST_SERVERS = ${JSON.stringify(servers[engine]?.info ?? {})}; window.TEST_ENGINE = '${engine}';</script>
    <script type="module" src="${fw}"></script></body></html>`;

export default {
  nodeResolve: true,
  // Parallel sessions each run their own runner: WTR_PORT keeps their dev servers apart.
  port: Number(process.env.WTR_PORT ?? 8000),
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 600000,
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  plugins: [
    { name: 'signalling',
      async serverStart() { await Promise.all(ENGINES.map(async (e) => { servers[e] = await startTestServers(); })); },
      async serverStop() { await Promise.all(Object.values(servers).map((s) => s.close())); } },
    bundledDeps(), // stock peerjs pulls in CommonJS (sdp): serve it pre-bundled
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
  ],
  // Chromium runs every file; Firefox leaves out the files about Chromium-only APIs (CHROMIUM_ONLY_TESTS
  // says why). The first engine is wtr's default group, the second its own group, run at the same time
  // (wtr's concurrentBrowsers: 2).
  files: ENGINE_FILES[ENGINES[0]],
  browsers: [LAUNCHERS[ENGINES[0]]()],
  groups: ENGINES.slice(1).map((engine) => ({ name: engine, browsers: [LAUNCHERS[engine]()], files: ENGINE_FILES[engine],
    testRunnerHtml: runnerHtml(engine) })),
  testRunnerHtml: runnerHtml(ENGINES[0]),
};
