// Browser tests on a lossy link: run INSIDE the network namespace made by test/node/net-lossy.test.ts
// (never directly). Starts our server and a loss control endpoint (`POST /loss?pct=N` rewrites the
// namespace's nftables rule) on 127.0.0.1, and hands both to the page as window.LOSSY.
import { createServer as createHttpServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { createServer } from '../../src/server/index.ts';
import { harnessConfig } from '../support/wtr-harness.mjs';
import { setLossCommands } from './netns.ts';

async function start() {
  let dropped = 0;
  /** Adds what the current rule dropped (its counter starts over with every new rule). */
  const countDrops = () => {
    const out = execFileSync('nft', ['list', 'chain', 'inet', 'loss', 'in'], { encoding: 'utf8' });
    dropped += Number(/counter packets (\d+)/.exec(out)?.[1] ?? 0);
  };
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
  return {
    info: { server: { host: '127.0.0.1', port: server.address().port }, control: `http://127.0.0.1:${control.address().port}`, loss: Number(process.env.P2P_KIT_LOSS ?? 5) },
    async stop() {
      countDrops();
      console.log(`lossy: nftables dropped ${dropped} UDP packets in all`);
      control.close();
      await server.close();
    },
  };
}

export default harnessConfig({ name: 'lossy', files: ['test/net/*.test.ts'], global: 'LOSSY', start, timeout: 240000 });
