// A web-test-runner config for a harness that starts its own servers (lossy links, chaos): the
// Chromium flags of the main config, one plugin that starts/stops them, their info as window[global].
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

/** `start()` resolves with the info for the page and a `stop()`. */
export function harnessConfig({ name, files, global, start, timeout = 300000 }) {
  let running;
  return {
    files,
    nodeResolve: true,
    port: Number(process.env.WTR_PORT ?? 8000),
    concurrency: 1,
    testFramework: { config: { timeout } },
    testsFinishTimeout: 600000,
    filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
    plugins: [
      { name, async serverStart() { running = await start(); }, async serverStop() { await running?.stop(); } },
      esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    ],
    browsers: [chromeLauncher({ launchOptions: {
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS } })],
    testRunnerHtml: (fw) => `<!doctype html><html><body>
      <script>window.${global} = ${JSON.stringify(running?.info ?? {})};</script>
      <script type="module" src="${fw}"></script></body></html>`,
  };
}
