/** Flags of the client commands (`p2p-kit send`, `receive`); the server's are in src/server/cli-args. */
import { parseArgs } from 'node:util';

export const CLIENT_USAGE = `Usage:
  p2p-kit send <file…> --to <id> [flags]   offer files to a peer (a <p2p-file-drop> tab or p2p-kit receive)
  p2p-kit receive [--out DIR] [--yes] [flags]   take files offered to this peer

Flags:
      --server <url>    signalling server (default: $P2P_KIT_SERVER or http://127.0.0.1:9000/)
      --key <key>       API key (default: peerjs)
      --id <id>         this peer's id (default: assigned by the server)
      --name <name>     display name sent with the connection
      --to <id>         send: the receiving peer
      --out <dir>       receive: where files go (default: current directory)
  -y, --yes             receive: accept every offer without asking
      --timeout <s>     give up after this long without an answer / an offer (default: 120)
  -h, --help            this text

Exit status: 0 when every file was verified by SHA-256 on the receiving side; 1 with a one-line reason
on decline, cancel, timeout or a lost peer (after trying to resume); 2 on bad usage.
`;

export class ClientUsageError extends Error {}

export interface ClientArgs {
  files: string[];
  server: URL;
  key: string;
  id?: string;
  name?: string;
  to?: string;
  out: string;
  yes: boolean;
  timeoutMs: number;
  help: boolean;
}

export function parseClientArgs(argv: string[], env: Record<string, string | undefined> = process.env): ClientArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        server: { type: 'string' }, key: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' },
        to: { type: 'string' }, out: { type: 'string' }, yes: { type: 'boolean', short: 'y' },
        timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new ClientUsageError((e as Error).message);
  }
  const v = parsed.values;
  let server: URL;
  try {
    server = new URL(v.server ?? env.P2P_KIT_SERVER ?? 'http://127.0.0.1:9000/');
  } catch {
    throw new ClientUsageError(`--server: not a URL: ${v.server}`);
  }
  if (!/^(https?|wss?):$/.test(server.protocol)) throw new ClientUsageError(`--server: use http(s):// or ws(s)://, not ${server.protocol}`);
  const timeout = v.timeout === undefined ? 120 : Number(v.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new ClientUsageError(`--timeout: a positive number of seconds, not ${v.timeout}`);
  return {
    files: parsed.positionals, server, key: v.key ?? 'peerjs', id: v.id, name: v.name, to: v.to,
    out: v.out ?? '.', yes: v.yes ?? false, timeoutMs: timeout * 1000, help: v.help ?? false,
  };
}

/** Peer options for `--server`/`--key`. */
export function serverOptions(a: ClientArgs): { host: string; port: number; secure: boolean; path: string; key: string } {
  const secure = a.server.protocol === 'https:' || a.server.protocol === 'wss:';
  const port = a.server.port ? Number(a.server.port) : secure ? 443 : 80;
  return { host: a.server.hostname.replace(/^\[|\]$/g, ''), port, secure, path: a.server.pathname || '/', key: a.key };
}
