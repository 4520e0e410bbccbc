// Browser tests: real headless Debian Chromium with fake devices, against a real signalling server
// (ours, and a stock PeerServer for interop) started in this process on 127.0.0.1:0.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { startTestServers } from './test/support/servers.ts';
import { bundledDeps } from './test/support/bundled-deps.ts';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

let servers;
export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  // Parallel sessions each run their own runner: WTR_PORT keeps their dev servers apart.
  port: Number(process.env.WTR_PORT ?? 8000),
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 600000,
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  plugins: [
    { name: 'signalling',
      async serverStart() { servers = await startTestServers(); },
      async serverStop() { await servers?.close(); } },
    bundledDeps(), // stock peerjs pulls in CommonJS (sdp): serve it pre-bundled
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
  ],
  browsers: [chromeLauncher({ launchOptions: {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS } })],
  testRunnerHtml: (fw) => `<!doctype html><html><body>
    <script>window.TEST_SERVERS = ${JSON.stringify(servers?.info ?? {})};</script>
    <script type="module" src="${fw}"></script></body></html>`,
};
