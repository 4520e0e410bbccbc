/**
 * `{path}p2p-kit.js`: the no-build bundle (every tag, lit inside), so a plain HTML page on any origin
 * can `<script type="module" src="…/p2p-kit.js">`. Its lazy chunks (`{path}chunks/*.js`) and source
 * maps come along. The files are the package's dist/cdn/: found beside the compiled server
 * (dist/server → dist/cdn) or, when the server runs from the repository's sources, in dist/cdn/ of the
 * repository (after `npm run build`).
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentType } from './static.js';

const PLACES = ['../cdn/', '../../dist/cdn/'].map((p) => new URL(p, import.meta.url));
const FILE = /^(p2p-kit\.js|chunks\/[\w-]+\.js)(\.map)?$/;
export const BUNDLE_MISSING = 'p2p-kit.js is not built: run `npm run build` in the p2p-kit package (it writes dist/cdn/).\n';

async function read(name: string): Promise<Buffer | undefined> {
  for (const dir of PLACES) {
    const body = await readFile(new URL(name, dir)).catch(() => undefined);
    if (body) return body;
  }
  return undefined;
}

/**
 * Answers `rest` (the path below the mount) if it names a bundle file; resolves false otherwise, and
 * for a missing chunk (so a static folder may still have it). A missing bundle is a 404 saying why.
 */
export async function serveBundle(req: IncomingMessage, res: ServerResponse, rest: string, headers: Record<string, string>): Promise<boolean> {
  if (!FILE.test(rest) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const body = await read(rest);
  if (!body) {
    if (rest !== 'p2p-kit.js') return false;
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(BUNDLE_MISSING);
    return true;
  }
  res.writeHead(200, {
    ...headers, 'Content-Type': contentType(rest), 'Content-Length': body.length, 'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
