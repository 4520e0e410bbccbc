/**
 * Helpers for the consumer tests: the tarball packed once per run, temp projects outside the
 * repository that install it like a user would (npm's cache, `--prefer-offline`), and the installed
 * `p2p-kit serve` as a child process.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const exec = promisify(execFile);
/** Children run without the repository's loader flags (`--import tsx`): plain Node like a user's. */
export const PLAIN_ENV = { ...process.env, NODE_OPTIONS: '', npm_config_loglevel: 'error', npm_config_update_notifier: 'false' };

export async function sh(cmd: string, args: string[], cwd: string, timeout = 240000): Promise<string> {
  try {
    const { stdout } = await exec(cmd, args, { cwd, timeout, env: PLAIN_ENV, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}\n${e.message}`, { cause: err });
  }
}

/** A fresh folder under the OS temp dir (outside the repository, so nothing resolves to it). */
export const tempDir = (name: string): string => mkdtempSync(join(tmpdir(), `p2p-consumer-${name}-`));

/** `npm pack` of the built repository into `dir`; returns the tarball's path. */
export async function pack(dir: string): Promise<string> {
  if (!existsSync(join(ROOT, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  const out = JSON.parse(await sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], ROOT)) as { filename: string }[];
  return join(dir, out[0]!.filename);
}

/** Copies `from` (a project folder) to a temp dir and installs its dependencies plus `packages`. */
export async function project(name: string, from: string | undefined, packages: string[]): Promise<string> {
  const dir = tempDir(name);
  if (from) cpSync(from, dir, { recursive: true, filter: (f) => !f.includes('node_modules') });
  else await sh('npm', ['init', '-y'], dir);
  await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...packages], dir);
  return dir;
}

/** Starts `node_modules/.bin/p2p-kit serve` of `dir`; resolves with its port once it listens. */
export function serveInstalled(dir: string, args: string[]): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(join(dir, 'node_modules/.bin/p2p-kit'), ['serve', '--host', '127.0.0.1', '--port', '0', ...args], { cwd: dir, env: PLAIN_ENV });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { child.kill(); reject(new Error(`p2p-kit serve did not start:\n${out}`)); }, 30000);
    const onData = (b: Buffer): void => {
      out += b.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) { clearTimeout(timer); resolve({ port: Number(m[1]), child }); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (b: Buffer) => { out += b.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`p2p-kit serve exited (${code}):\n${out}`)); });
  });
}
