/**
 * `p2p-kit serve` flags for every abuse limit of `createServer({ limits })`: one kebab-case flag per
 * {@link DEFAULT_LIMITS} key (`maxSocketsPerAddress` → `--max-sockets-per-address`), so operators
 * can tune on the command line whatever the API can, and a limit added there gets its flag too.
 */
import { DEFAULT_LIMITS, type Limits } from '../protocol/index.js';

type LimitKey = keyof Limits;

const kebab = (k: string): string => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const KEYS = Object.keys(DEFAULT_LIMITS) as LimitKey[];

/** Smallest accepted value per limit (a frame cap below 1 KiB would refuse every SDP). */
const MIN: Partial<Record<LimitKey, number>> = { maxFrameBytes: 1024 };

const HELP: Record<LimitKey, string> = {
  maxFrameBytes: 'largest WebSocket frame accepted',
  maxJsonDepth: 'deepest JSON nesting accepted in a frame',
  messagesPerSecond: 'per-socket sustained message rate (token bucket)',
  messageBurst: 'per-socket burst of messages above that rate',
  maxRejectedInARow: 'rate-limited frames in a row before the socket is closed',
  maxSocketsPerAddress: 'simultaneous sockets from one address',
  maxQueuedPerDestination: 'offline queue: messages per destination',
  maxQueuedBytesPerDestination: 'offline queue: bytes per destination',
  maxQueuedBytesTotal: 'offline queue: bytes in total',
  maxMetadataBytes: 'serialized presence metadata per peer',
};

/** `parseArgs` option table of the limit flags. */
export const LIMIT_FLAGS = Object.fromEntries(KEYS.map((k) => [kebab(k), { type: 'string' as const }])) as
  Record<string, { type: 'string' }>;

/** The usage lines of the limit flags, in their own aligned block of `serve --help`. */
const flagCol = (k: LimitKey): string => `      --${kebab(k)} <n>`;
const width = Math.max(...KEYS.map((k) => flagCol(k).length)) + 2;
export const LIMIT_USAGE = KEYS.map((k) => `${flagCol(k).padEnd(width)}${HELP[k]} (default: ${DEFAULT_LIMITS[k]})`).join('\n');

/** The `limits` given on the command line (only those given); `int` validates and throws the UsageError. */
export function limitsFromFlags(
  values: Record<string, unknown>, int: (flag: string, v: string | undefined, min: number) => number | undefined,
): Partial<Limits> | undefined {
  const out: Partial<Limits> = {};
  for (const k of KEYS) {
    const v = int(kebab(k), values[kebab(k)] as string | undefined, MIN[k] ?? 1);
    if (v !== undefined) out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}
