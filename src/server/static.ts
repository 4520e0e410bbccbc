/**
 * Serves a folder (`--static DIR`, used by the demo): correct content types, `index.html` for
 * directories, and nothing outside the folder (no `..`, no dotfiles, no symlinks leading out).
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.avif': 'image/avif', '.ico': 'image/x-icon',
  '.wasm': 'application/wasm', '.woff': 'font/woff', '.woff2': 'font/woff2', '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4', '.webm': 'video/webm', '.webmanifest': 'application/manifest+json', '.xml': 'application/xml',
};

/** Content type for a file name (`application/octet-stream` when unknown). */
export function contentType(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** A request handler that resolves `true` when it answered the request. */
export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

async function fileIn(root: string, file: string): Promise<string | undefined> {
  try {
    const real = await realpath(file);
    return real === root || real.startsWith(root + sep) ? real : undefined;
  } catch {
    return undefined;
  }
}

/** Builds the handler for `dir`. Requests it can't answer (missing files, other methods) resolve `false`. */
export function serveStatic(dir: string): StaticHandler {
  const rootPromise = realpath(resolve(dir));
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let root: string;
    try {
      root = await rootPromise;
    } catch {
      return false; // folder missing: behave as if empty
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return false;
    }
    // The URL parser already resolved literal `..`; encoded ones (`%2e%2e`) and dotfiles stop here.
    if (pathname.includes('\0') || pathname.split('/').some((seg) => seg.startsWith('.'))) return false;
    let file = resolve(root, `.${pathname}`);
    if (file !== root && !file.startsWith(root + sep)) return false;
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { Location: `${encodeURI(pathname)}/` }).end();
        return true;
      }
      file = join(file, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) return false;
    const real = await fileIn(root, file);
    if (!real) return false;
    res.writeHead(200, {
      'Content-Type': contentType(real), 'Content-Length': info.size, 'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise<void>((done) => {
      const stream = createReadStream(real);
      stream.on('error', () => { res.destroy(); done(); });
      stream.on('end', () => done());
      stream.pipe(res);
    });
    return true;
  };
}
