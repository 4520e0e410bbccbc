// Chaos browser tests (run by test/node/chaos.test.ts): our server as a real `p2p-kit serve` process
// that the page kills with SIGKILL through `POST {control}/kill?down=<ms>` (answers 204 once it is
// listening again on the same port, as a fresh process with no registrations).
import { createServer as createHttpServer } from 'node:http';
import { startServerProcess } from '../support/server-process.ts';
import { harnessConfig } from '../support/wtr-harness.mjs';

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
  return {
    info: { server: { host: '127.0.0.1', port }, control: `http://127.0.0.1:${control.address().port}` },
    async stop() { console.log(`chaos: server killed with SIGKILL ${kills} times`); control.close(); await server.stop(); },
  };
}

export default harnessConfig({ name: 'chaos', files: ['test/chaos/*.test.ts'], global: 'CHAOS', start });
