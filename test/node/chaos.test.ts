/**
 * Chaos: runs test/chaos/*.test.ts (real Chromium) against a `p2p-kit serve` process that the page
 * kills with SIGKILL and that comes back on the same port.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';

test('browser peers through 20 server kills (-9)', { timeout: 600_000 }, async () => {
  const child = spawn(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', '--config', 'test/chaos/wtr-chaos.config.mjs', '--static-logging'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '--import=tsx' } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d; });
  child.stderr.on('data', (d: Buffer) => { out += d; });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  for (const line of out.split('\n').filter((l) => /chaos:/.test(l))) console.log(line.trim());
  assert.equal(code, 0, `web-test-runner (chaos) failed:\n${out.slice(-6000)}`);
  assert.match(out, /server killed with SIGKILL 20 times/);
});
