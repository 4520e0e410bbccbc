/**
 * The client commands of `p2p-kit` (the server's `serve` lives in src/server/cli.ts, which routes here
 * with a dynamic import so the server never loads the core). Returns the exit status.
 */
import { CLIENT_USAGE, ClientUsageError, parseClientArgs } from './args.js';
import { receive } from './receive.js';
import { send } from './send.js';

export const CLIENT_COMMANDS = ['send', 'receive'] as const;

export async function runClient(command: (typeof CLIENT_COMMANDS)[number], argv: string[]): Promise<number> {
  const ac = new AbortController();
  const interrupt = () => ac.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const args = parseClientArgs(argv);
    if (args.help) { process.stdout.write(CLIENT_USAGE); return 0; }
    const result = await (command === 'send' ? send(args, ac.signal) : receive(args, ac.signal));
    if (ac.signal.aborted) { process.stderr.write('p2p-kit: interrupted\n'); return 130; }
    if (result.reason) process.stderr.write(`p2p-kit: ${result.reason}\n`);
    return result.code;
  } catch (err) {
    if (err instanceof ClientUsageError) { process.stderr.write(`p2p-kit: ${err.message}\n\n${CLIENT_USAGE}`); return 2; }
    process.stderr.write(`p2p-kit: ${(err as Error).message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
