// Chaos browser tests (run by test/node/chaos.test.ts): our server as a real `p2p-kit serve` process
// that the page kills with SIGKILL through `POST {control}/kill?down=<ms>` (answers 204 once it is
// listening again on the same port, as a fresh process with no registrations).
import { createServer as createHttpServer } from 'node:http';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { startServerProcess } from '../support/server-process.ts';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

let info, stop;
async function start() {
  let server = await startServerProcess();
  const port = server.port;
  let kills = 0;
  const control = createHttpServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const down = Math.min(Number(url.searchParams.get('down') ?? 500) || 0, 5000);
    if (req.method !== 'POST' || url.pathname !== '/kill') { res.writeHead(404).end(); return; }
    const old = server;
    old.child.once('exit', () => setTimeout(() => {
      void startServerProcess([], port).then((s) => { server = s; kills++; res.writeHead(204).end(); },
        (err) => { res.writeHead(500).end(String(err)); });
    }, down));
    old.child.kill('SIGKILL');
  });
  await new Promise((r) => control.listen(0, '127.0.0.1', r));
  info = { server: { host: '127.0.0.1', port }, control: `http://127.0.0.1:${control.address().port}` };
  stop = async () => { console.log(`chaos: server killed with SIGKILL ${kills} times`); control.close(); await server.stop(); };
}

export default {
  files: ['test/chaos/*.test.ts'],
  nodeResolve: true,
  port: Number(process.env.WTR_PORT ?? 8000),
  concurrency: 1,
  testFramework: { config: { timeout: 300000 } },
  testsFinishTimeout: 600000,
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  plugins: [
    { name: 'chaos', serverStart: start, serverStop: () => stop?.() },
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
  ],
  browsers: [chromeLauncher({ launchOptions: {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS } })],
  testRunnerHtml: (fw) => `<!doctype html><html><body>
    <script>window.CHAOS = ${JSON.stringify(info ?? {})};</script>
    <script type="module" src="${fw}"></script></body></html>`,
};
