/**
 * Builds the bench pages with Vite (production mode: minified, as users ship them) and serves
 * them from 127.0.0.1. Each implementation is built on its own, so a p2p-kit core that does not
 * build yet leaves only its column empty.
 */
import { createServer, type Server } from 'node:http';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'vite';
import type { Impl } from '../lib/stats.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const PAGES = join(ROOT, 'bench/pages');
/** Outside the repo, so lint and git never see the built pages. */
export const OUT = join(tmpdir(), `p2p-kit-bench-${process.pid}`);

/** Builds `bench/pages/<impl>.html` into `OUT/<impl>/`; returns the error text on failure. */
export async function buildPage(impl: Impl | 'room'): Promise<string | null> {
  try {
    await build({
      configFile: false, root: PAGES, base: `/${impl}/`, logLevel: 'silent',
      build: {
        target: 'es2022', outDir: join(OUT, impl), emptyOutDir: true, reportCompressedSize: false,
        rolldownOptions: { input: join(PAGES, `${impl}.html`) },
      },
    });
    return null;
  } catch (e) {
    return String((e as Error).message ?? e).split('\n').slice(0, 4).join(' ').slice(0, 300);
  }
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };

/** Serves `OUT` on 127.0.0.1, port 0; `close()` also deletes it. */
export async function servePages(): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path.includes('..')) { res.writeHead(400).end(); return; }
    readFile(join(OUT, path)).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(path === '/favicon.ico' ? 204 : 404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
      await rm(OUT, { recursive: true, force: true });
    },
  };
}
