/** `p2p-kit serve`: flag parsing, and the real CLI as a child process on --port 0. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseServeArgs, UsageError } from '../../src/server/cli-args.ts';
import { DEFAULT_LIMITS } from '../../src/protocol/index.ts';
import { WAIT_MS, dial, get, join, wsUrl } from './server-helpers/kit.ts';

const BIN = fileURLToPath(new URL('../../bin/p2p-kit.js', import.meta.url));
const CLI_WAIT_MS = WAIT_MS * 3; // tsx compiles the server on start: slower on a busy machine

/** Starts the CLI; resolves with the port from its "listening on" line. */
function startCli(args: string[]): Promise<{ child: ChildProcess; port: number; out: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stderr!.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { child.kill(); reject(new Error(`no listening line: ${out} ${err}`)); }, CLI_WAIT_MS);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on http:\/\/[^:]+:(\d+)\//.exec(out);
      if (m) { clearTimeout(t); resolve({ child, port: Number(m[1]), out: () => out }); }
    });
    child.on('exit', (code) => { clearTimeout(t); reject(new Error(`exited ${code}: ${err}`)); });
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '', stderr = '';
  child.stdout?.on('data', (d) => { stdout += d; });
  child.stderr?.on('data', (d) => { stderr += d; });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('p2p-kit serve: flags', () => {
  test('defaults mirror PeerServer; $PORT is honoured', () => {
    assert.deepEqual(parseServeArgs([], {}), { help: false, quiet: false, options: { port: 9000, allowDiscovery: false, proxied: false } });
    const cmd = parseServeArgs([], { PORT: '8123' });
    assert.ok(!cmd.help && cmd.options.port === 8123);
  });

  test('every flag maps to its option; PeerServer snake_case spellings work too', () => {
    const cmd = parseServeArgs(['-p', '0', '-H', '127.0.0.1', '--path', '/s', '-k', 'a', '--key', 'b', '--expire_timeout', '100',
      '--alive-timeout', '2000', '-c', '7', '--allow_discovery', '--proxied', '--cors', 'https://a.example,https://b.example',
      '--static', 'demo', '--allow-origin', 'https://a.example', '--max-frame-bytes', '4096', '-q'], {});
    assert.deepEqual(cmd, { help: false, quiet: true, options: {
      port: 0, host: '127.0.0.1', path: '/s', key: ['a', 'b'], expireTimeout: 100, aliveTimeout: 2000, concurrentLimit: 7,
      allowDiscovery: true, proxied: true, cors: ['https://a.example', 'https://b.example'], static: 'demo',
      allowOrigin: ['https://a.example'], limits: { maxFrameBytes: 4096 } } });
    assert.deepEqual(parseServeArgs(['--help'], {}), { help: true });
  });

  test('--sslkey/--sslcert read PEM files into ssl options', () => {
    const key = fileURLToPath(new URL('server-helpers/test-key.pem', import.meta.url));
    const cert = fileURLToPath(new URL('server-helpers/test-cert.pem', import.meta.url));
    const cmd = parseServeArgs(['--sslkey', key, '--sslcert', cert], {});
    assert.ok(!cmd.help);
    assert.match(String(cmd.options.ssl?.cert), /BEGIN CERTIFICATE/);
    assert.throws(() => parseServeArgs(['--sslkey', key, '--sslcert', '/nonexistent.pem'], {}), /cannot read/);
  });

  test('every abuse limit of createServer({ limits }) has its flag', () => {
    const flags = Object.keys(DEFAULT_LIMITS).map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    const argv = flags.flatMap((f, i) => [f, String(2000 + i)]);
    const cmd = parseServeArgs(argv, {});
    assert.ok(!cmd.help);
    assert.deepEqual(cmd.options.limits, Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((k, i) => [k, 2000 + i])));
    assert.deepEqual(parseServeArgs(['--message-burst', '5'], {}), { help: false, quiet: false, options: {
      port: 9000, allowDiscovery: false, proxied: false, limits: { messageBurst: 5 } } }, 'only the limits given');
    for (const bad of [['--messages-per-second', '0'], ['--max-frame-bytes', '100'], ['--max-sockets-per-address', 'many']]) {
      assert.throws(() => parseServeArgs(bad, {}), UsageError, bad.join(' '));
    }
  });

  test('bad command lines are UsageErrors', () => {
    for (const args of [['--port', 'x'], ['--port', '70000'], ['--nope'], ['--sslkey', 'k.pem'], ['--expire-timeout', '-5'], ['extra']]) {
      assert.throws(() => parseServeArgs(args, {}), UsageError, args.join(' '));
    }
  });
});

describe('p2p-kit serve: child process', () => {
  test('--max-sockets-per-address is enforced by the running server; the first socket stays', async () => {
    const { child, port } = await startCli(['--port', '0', '--host', '127.0.0.1', '-q', '--max-sockets-per-address', '1']);
    try {
      const a = await join({ port }, 'cli-cap-a');
      const b = await dial(wsUrl(port, { key: 'peerjs', id: 'cli-cap-b', token: 'tok-b' }));
      assert.deepEqual(await b.next(), { type: 'ERROR', payload: { msg: 'Too many connections from this address' } });
      assert.equal((await b.closed).code, 1013);
      const c = await join({ port }, 'cli-cap-c').catch((e: Error) => e);
      assert.ok(c instanceof Error, 'still capped while the first socket is open');
      a.send({ type: 'LEAVE' });
      await a.closed;
      // The slot is free again once the server has seen the first socket close (which may trail ours).
      const deadline = Date.now() + WAIT_MS;
      let d = await join({ port }, 'cli-cap-d').catch((e: Error) => e);
      while (d instanceof Error && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        d = await join({ port }, 'cli-cap-d').catch((e: Error) => e);
      }
      assert.ok(!(d instanceof Error), `a new socket is accepted after the first closed: ${String(d)}`);
      d.close();
    } finally {
      child.kill();
    }
  });

  test('listens on --port 0, prints the real port, serves API, WebSocket and --static; exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(joinPath(tmpdir(), 'kit-cli-'));
    writeFileSync(joinPath(dir, 'index.html'), '<p>cli</p>');
    const { child, port, out } = await startCli(['--port', '0', '--host', '127.0.0.1', '--allow-discovery', '--static', dir]);
    try {
      assert.match(out(), new RegExp(`ws://127\\.0\\.0\\.1:${port}/peerjs`));
      const c = await join({ port }, 'cli-a');
      assert.deepEqual(JSON.parse((await get(port, '/peerjs/peers')).body), ['cli-a']);
      assert.equal((await get(port, '/')).body, '<p>cli</p>');
      const exited = exitOf(child);
      child.kill('SIGTERM');
      assert.equal((await c.closed).code, 1001);
      assert.equal((await exited).code, 0);
      assert.match(out(), /"event":"client.open".*"id":"cli-a"/, 'JSON log lines on stdout');
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--help prints the flag table; a bad flag exits 2 with usage', async () => {
    const [help, bad] = await Promise.all([
      exitOf(spawn(process.execPath, [BIN, 'serve', '--help'])),
      exitOf(spawn(process.execPath, [BIN, 'serve', '--bogus'])),
    ]);
    assert.equal(help.code, 0);
    for (const flag of ['--port', '--host', '--path', '--key', '--expire-timeout', '--alive-timeout', '--concurrent-limit',
      '--allow-discovery', '--proxied', '--cors', '--sslkey', '--sslcert', '--static', '--allow-origin', '--max-frame-bytes',
      '--messages-per-second', '--message-burst', '--max-sockets-per-address', '--max-queued-bytes-total']) {
      assert.ok(help.stdout.includes(flag), flag);
    }
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Unknown option '--bogus'[\s\S]*Usage: p2p-kit serve/);
  });
});
