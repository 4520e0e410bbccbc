/**
 * `p2p-kit send` / `receive` as real CLI processes (bin/p2p-kit.js) against our real server, Node to
 * Node: a file arrives byte-identical and both exit 0; a receiver that cannot ask declines and the
 * sender exits 1 saying so; a peer that is not there is a one-line reason, not a hang.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKit } from './server-helpers/kit.ts';

const BIN = fileURLToPath(new URL('../../bin/p2p-kit.js', import.meta.url));
let server: Awaited<ReturnType<typeof startKit>>, dir: string, url: string;

before(async () => {
  server = await startKit();
  url = `http://127.0.0.1:${server.port}/`;
  dir = mkdtempSync(join(tmpdir(), 'p2p-cli-'));
});
after(async () => { await server.close(); rmSync(dir, { recursive: true, force: true }); });

interface Run { code: number | null; stdout: string; stderr: string }
/** Runs the CLI; `onLine` sees stdout lines as they come. Killed after 60 s (a hang fails the test). */
function cli(args: string[], onLine?: (line: string) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { const s = String(d); stdout += s; for (const l of s.split('\n')) if (l) onLine?.(l); });
    child.stderr.on('data', (d: Buffer) => { stderr += String(d); });
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => { clearTimeout(kill); resolve({ code, stdout, stderr }); });
  });
}

/** Starts `receive` and resolves once it is registered (its first line). */
function receiver(id: string, extra: string[]): { ready: Promise<void>; done: Promise<Run> } {
  let ready!: () => void;
  const p = new Promise<void>((r) => { ready = r; });
  const done = cli(['receive', '--server', url, '--id', id, ...extra], (l) => { if (l.includes(`receiving as ${id}`)) ready(); });
  return { ready: p, done };
}

test('send -> receive --yes: the file arrives byte-identical, both exit 0 with the verified SHA-256', async () => {
  const src = join(dir, 'data.bin'), out = join(dir, 'out');
  const bytes = randomBytes(3 * 1024 * 1024 + 17);
  writeFileSync(src, bytes);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const rx = receiver('cli-rx-1', ['--out', out, '--yes']);
  await rx.ready;
  const tx = await cli(['send', src, '--server', url, '--to', 'cli-rx-1']);
  const got = await rx.done;
  assert.equal(tx.code, 0, tx.stderr);
  assert.equal(got.code, 0, got.stderr);
  assert.match(tx.stdout, new RegExp(`ok data.bin .* sent to cli-rx-1, SHA-256 ${sha} verified`));
  assert.match(got.stdout, new RegExp(`SHA-256 ${sha} verified -> .*data.bin`));
  assert.equal(createHash('sha256').update(readFileSync(join(out, 'data.bin'))).digest('hex'), sha);
});

test('a receiver that cannot ask (no TTY, no --yes) declines: the sender exits 1 with one line saying so', async () => {
  const src = join(dir, 'small.txt');
  writeFileSync(src, 'hello');
  const rx = receiver('cli-rx-2', ['--out', join(dir, 'out2')]);
  await rx.ready;
  const tx = await cli(['send', src, '--server', url, '--to', 'cli-rx-2']);
  assert.equal(tx.code, 1);
  assert.equal(tx.stderr.trim().split('\n').length, 1, tx.stderr);
  assert.match(tx.stderr, /^p2p-kit: declined small\.txt by cli-rx-2/);
  assert.equal((await rx.done).code, 1);
});

test('sending to a peer that is not there fails with a one-line reason; bad usage exits 2', async () => {
  const src = join(dir, 'small.txt');
  const tx = await cli(['send', src, '--server', url, '--to', 'nobody-here', '--timeout', '30']);
  assert.equal(tx.code, 1);
  assert.match(tx.stderr, /^p2p-kit: peer nobody-here is not reachable\n$/);
  const usage = await cli(['send', src, '--server', url]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--to <id> is required/);
});
