/**
 * Turns `<p2p-peer server>` into core `Peer` options. Pure (no DOM), so Node tests cover it.
 */

/** The signalling endpoint part of the core `Peer` options. */
export interface ServerOptions { host: string; port: number; path: string; secure: boolean }

/** Page location fields the default depends on (`window.location` fits). */
export interface PageLocation { protocol: string; hostname: string; port: string }

/**
 * Parses a `ws://`, `wss://`, `http://` or `https://` URL (absolute, or relative to the page)
 * into `{host, port, path, secure}`. The URL's path is the server's mount path (PeerJS `path`):
 * `ws://example.org:9000/` talks to `ws://example.org:9000/peerjs?...`. Empty or missing means
 * the page's own origin with path `/`.
 * @throws TypeError for other schemes or unparsable input.
 */
export function parseServer(server: string | null | undefined, page: PageLocation): ServerOptions {
  const pageSecure = page.protocol === 'https:';
  const pagePort = page.port ? Number(page.port) : pageSecure ? 443 : 80;
  if (!server || !server.trim()) return { host: page.hostname, port: pagePort, path: '/', secure: pageSecure };
  let url: URL;
  try {
    url = new URL(server.trim(), `${page.protocol}//${page.hostname}${page.port ? `:${page.port}` : ''}/`);
  } catch {
    throw new TypeError(`Invalid server URL: ${JSON.stringify(server)}`);
  }
  const secure = url.protocol === 'wss:' || url.protocol === 'https:';
  if (!secure && url.protocol !== 'ws:' && url.protocol !== 'http:') {
    throw new TypeError(`Server URL must use ws:, wss:, http: or https: (got ${url.protocol})`);
  }
  // URL keeps IPv6 hosts bracketed; the core adds brackets itself.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { host, port, path, secure };
}
