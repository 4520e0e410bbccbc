#!/usr/bin/env node
/**
 * The `p2p-kit` command. `p2p-kit serve [flags]` runs the signalling server until SIGINT/SIGTERM;
 * `send`/`receive` are the file-transfer client (src/cli).
 * Prints one human line with the URL, then JSON log lines (unless --quiet).
 */
import { parseServeArgs, UsageError, USAGE } from './cli-args.js';
import { jsonLines } from './log.js';
import { createServer } from './server.js';

async function serve(argv: string[]): Promise<void> {
  const cmd = parseServeArgs(argv);
  if (cmd.help) {
    process.stdout.write(USAGE);
    return;
  }
  const server = createServer({ ...cmd.options, log: cmd.quiet ? false : jsonLines() });
  await server.ready;
  const addr = server.address()!;
  const o = server.options;
  const wildcard = !o.host || o.host === '::' || o.host === '0.0.0.0';
  const host = wildcard ? 'localhost' : o.host!.includes(':') ? `[${o.host}]` : o.host!;
  const http = o.ssl ? 'https' : 'http', ws = o.ssl ? 'wss' : 'ws';
  process.stdout.write(`p2p-kit signalling server listening on ${http}://${host}:${addr.port}${o.path} ` +
    `(WebSocket ${ws}://${host}:${addr.port}${o.path}peerjs, key${o.keys.length > 1 ? 's' : ''} ${o.keys.join(', ')})\n`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command === 'serve') return serve(rest);
  if (command === 'send' || command === 'receive') {
    // Dynamic: the server itself never loads the core or WebRTC.
    const { runClient } = await import('../cli/index.js');
    process.exit(await runClient(command, rest));
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`Usage: p2p-kit <command>\n\nCommands:\n  serve    run the signalling server (p2p-kit serve --help)\n` +
      `  send     send files to a peer (p2p-kit send --help)\n  receive  receive files (p2p-kit receive --help)\n`);
    return;
  }
  throw new UsageError(`unknown command "${command}"`);
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`p2p-kit: ${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  process.stderr.write(`p2p-kit: ${(err as Error).message}\n`);
  process.exit(1);
}
