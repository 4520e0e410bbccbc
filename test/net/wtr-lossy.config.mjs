// Browser tests on a lossy link: run INSIDE the network namespace made by test/node/net-lossy.test.ts
// (never directly). Starts our server and a loss control endpoint (`POST /loss?pct=N` rewrites the
// namespace's nftables rule) on 127.0.0.1, and hands both to the page as window.LOSSY.
import { createServer as createHttpServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { createServer } from '../../src/server/index.ts';
import { setLossCommands } from './netns.ts';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

let info, stop, dropped = 0;
/** Adds what the current rule dropped (its counter starts over with every new rule). */
function countDrops() {
  const out = execFileSync('nft', ['list', 'chain', 'inet', 'loss', 'in'], { encoding: 'utf8' });
  dropped += Number(/counter packets (\d+)/.exec(out)?.[1] ?? 0);
}
async function start() {
  const server = createServer({ port: 0, host: '127.0.0.1', key: 'peerjs' });
  await server.ready;
  const control = createHttpServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const pct = Number(url.searchParams.get('pct'));
    if (req.method !== 'POST' || url.pathname !== '/loss' || !Number.isInteger(pct) || pct < 0 || pct > 100) { res.writeHead(400).end(); return; }
    countDrops();
    for (const [cmd, ...args] of setLossCommands(pct)) execFileSync(cmd, args, { stdio: 'pipe' });
    res.writeHead(204).end();
  });
  await new Promise((r) => control.listen(0, '127.0.0.1', r));
  info = { server: { host: '127.0.0.1', port: server.address().port }, control: `http://127.0.0.1:${control.address().port}`, loss: Number(process.env.P2P_KIT_LOSS ?? 5) };
  stop = async () => {
    countDrops();
    console.log(`lossy: nftables dropped ${dropped} UDP packets in all`);
    control.close();
    await server.close();
  };
}

export default {
  files: ['test/net/*.test.ts'],
  nodeResolve: true,
  port: Number(process.env.WTR_PORT ?? 8000),
  concurrency: 1,
  testFramework: { config: { timeout: 240000 } },
  testsFinishTimeout: 600000,
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  plugins: [
    { name: 'lossy', serverStart: start, serverStop: () => stop?.() },
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
  ],
  browsers: [chromeLauncher({ launchOptions: {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS } })],
  testRunnerHtml: (fw) => `<!doctype html><html><body>
    <script>window.LOSSY = ${JSON.stringify(info ?? {})};</script>
    <script type="module" src="${fw}"></script></body></html>`,
};
