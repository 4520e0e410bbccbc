/**
 * `p2p-kit serve` flags → `createServer` options. Flag names mirror PeerServer's CLI (kebab-case;
 * PeerServer's snake_case spellings are accepted too, so existing scripts keep working).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LIMIT_FLAGS, LIMIT_USAGE, limitsFromFlags } from './cli-limits.js';
import type { ServerOptions } from './options.js';

export const USAGE = `Usage: p2p-kit serve [flags]

Starts a PeerServer-compatible signalling server (HTTP API + WebSocket at {path}peerjs).

  -p, --port <n>              listen port (default: $PORT or 9000; 0 = any free port)
  -H, --host <addr>           listen address (default: all interfaces)
      --path <path>           mount path of the API and WebSocket (default: /)
  -k, --key <key>             API key clients must send (default: peerjs; repeat for several)
  -t, --expire-timeout <ms>   queued-message lifetime before EXPIRE (default: 5000)
      --alive-timeout <ms>    drop clients silent (no HEARTBEAT) this long (default: 90000)
  -c, --concurrent-limit <n>  max registered clients (default: 5000)
      --allow-discovery       enable {key}/peers and active/list|count/{key}
      --proxied               behind a reverse proxy: client address from X-Forwarded-For
      --cors <origins>        CORS origins for the HTTP API, comma separated (default: *)
      --sslkey <file>         TLS private key (PEM): serve https/wss (needs --sslcert)
      --sslcert <file>        TLS certificate (PEM)
      --static <dir>          also serve this folder at /
      --allow-origin <list>   WebSocket Origin allow-list, comma separated (default: any)
      --turn-secret <s>       coturn static-auth-secret: hand out TURN credentials (or $P2P_KIT_TURN_SECRET)
      --turn-url <urls>       TURN URL(s) for those credentials, e.g. turn:turn.example.com:3478
                              (repeat or comma separate; needs --turn-secret)
      --turn-ttl <s>          TURN credential lifetime in seconds (default: 86400)
      --redis <url>           share ids, relays, queues and presence with other nodes via Redis
                              (redis://host:6379; default: this process only)
      --redis-ttl <ms>        a dead node's ids are freed this long after its last refresh (default: 10000)
      --room-cap <n>          members per room (P2PKIT-ROOM; default: 6, at most 64)
      --auth-secret <s>       grant an id only with an HS256 JWT signed with this secret (or $P2P_KIT_AUTH_SECRET)
      --auth-jwks <url|file>  grant an id only with a JWT signed by a key of this JWKS (ES256, RS256, ...)
  -q, --quiet                 no JSON log lines
  -h, --help                  show this help

Abuse limits (createServer's \`limits\`; each flag sets one):
${LIMIT_USAGE}
`;

/** Thrown for bad command lines; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {}

const FLAGS = {
  port: { type: 'string', short: 'p' }, host: { type: 'string', short: 'H' }, path: { type: 'string' },
  key: { type: 'string', short: 'k', multiple: true },
  'expire-timeout': { type: 'string', short: 't' }, expire_timeout: { type: 'string' },
  'alive-timeout': { type: 'string' }, alive_timeout: { type: 'string' },
  'concurrent-limit': { type: 'string', short: 'c' }, concurrent_limit: { type: 'string' },
  'allow-discovery': { type: 'boolean' }, allow_discovery: { type: 'boolean' },
  proxied: { type: 'boolean' }, cors: { type: 'string', multiple: true },
  sslkey: { type: 'string' }, sslcert: { type: 'string' }, static: { type: 'string' },
  'allow-origin': { type: 'string', multiple: true },
  'turn-secret': { type: 'string' }, 'turn-url': { type: 'string', multiple: true }, 'turn-ttl': { type: 'string' },
  redis: { type: 'string' }, 'redis-ttl': { type: 'string' }, 'room-cap': { type: 'string' },
  'auth-secret': { type: 'string' }, 'auth-jwks': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' },
  ...LIMIT_FLAGS,
} as const;

function int(flag: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${flag} must be an integer >= ${min}, got "${v}"`);
  return Number(v);
}

const list = (vals: string[] | undefined): string[] | undefined =>
  vals?.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);

/** What the CLI should do. */
export type ServeCommand = { help: true } | { help: false; options: ServerOptions & { port: number }; quiet: boolean };

/** Parses `serve`'s arguments (without the command name). Throws {@link UsageError}. */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeCommand {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return { help: true };
  const port = int('port', values.port ?? env.PORT, 0) ?? 9000;
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  if (!!values.sslkey !== !!values.sslcert) throw new UsageError('--sslkey and --sslcert go together');
  const read = (flag: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new UsageError(`--${flag}: cannot read ${file} (${(err as Error).message})`);
    }
  };
  const cors = list(values.cors);
  const limits = limitsFromFlags(values, int);
  const turnSecret = values['turn-secret'] ?? env.P2P_KIT_TURN_SECRET, turnUrls = list(values['turn-url']);
  const turnTtl = int('turn-ttl', values['turn-ttl'], 1);
  if (!!turnSecret !== !!turnUrls?.length) throw new UsageError('--turn-secret and --turn-url go together');
  if (turnTtl !== undefined && !turnSecret) throw new UsageError('--turn-ttl needs --turn-secret and --turn-url');
  const redisTtl = int('redis-ttl', values['redis-ttl'], 300);
  if (redisTtl !== undefined && !values.redis) throw new UsageError('--redis-ttl needs --redis');
  const roomCap = int('room-cap', values['room-cap'], 2);
  const authSecret = values['auth-secret'] ?? env.P2P_KIT_AUTH_SECRET, authJwks = values['auth-jwks'];
  if (authSecret && authJwks) throw new UsageError('--auth-secret and --auth-jwks exclude each other');
  if (authSecret !== undefined && Buffer.byteLength(authSecret) < 32) throw new UsageError('--auth-secret must be at least 32 bytes');
  const options: ServerOptions & { port: number } = {
    port,
    ...(values.host ? { host: values.host } : {}),
    ...(values.path ? { path: values.path } : {}),
    ...(values.key ? { key: values.key } : {}),
    expireTimeout: int('expire-timeout', values['expire-timeout'] ?? values.expire_timeout, 1),
    aliveTimeout: int('alive-timeout', values['alive-timeout'] ?? values.alive_timeout, 1),
    concurrentLimit: int('concurrent-limit', values['concurrent-limit'] ?? values.concurrent_limit, 1),
    allowDiscovery: !!(values['allow-discovery'] || values.allow_discovery),
    proxied: !!values.proxied,
    ...(cors ? { cors: cors.includes('*') ? '*' : cors } : {}),
    ...(list(values['allow-origin']) ? { allowOrigin: list(values['allow-origin']) } : {}),
    ...(values.sslkey && values.sslcert ? { ssl: { key: read('sslkey', values.sslkey), cert: read('sslcert', values.sslcert) } } : {}),
    ...(values.static ? { static: values.static } : {}),
    ...(limits ? { limits } : {}),
    ...(turnSecret && turnUrls ? { turn: { secret: turnSecret, urls: turnUrls, ...(turnTtl ? { ttlSeconds: turnTtl } : {}) } } : {}),
    ...(roomCap ? { roomCap } : {}),
    ...(values.redis ? { redis: redisTtl ? { url: values.redis, ttlMs: redisTtl } : values.redis } : {}),
    ...(authSecret ? { auth: { secret: authSecret } } : authJwks ? { auth: { jwks: authJwks } } : {}),
  };
  for (const k of ['expireTimeout', 'aliveTimeout', 'concurrentLimit'] as const) if (options[k] === undefined) delete options[k];
  return { help: false, options, quiet: !!values.quiet };
}
