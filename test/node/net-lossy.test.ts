/**
 * Lossy links: runs test/net/*.test.ts (real Chromium, our server) inside a throwaway network
 * namespace whose nftables rule drops 5% of UDP at random (30% for 5 s in one test). Skipped, and
 * says so, only where namespaces cannot be made (not root, no iproute2/nftables).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createLossyNamespace, namespaceUnavailable } from '../net/netns.ts';

const LOSS = 5;
const RUN_MS = 900_000;
const why = namespaceUnavailable();
if (why) console.log(`lossy-link tests: NOT RUN (${why})`);

test(`browser data, files and a call over ${LOSS}% random UDP loss in a network namespace`, { skip: why && `network namespaces unavailable: ${why}`, timeout: RUN_MS }, async () => {
  const name = `p2ploss${process.pid}`;
  const remove = createLossyNamespace(name, LOSS);
  process.once('exit', remove); // deleted even if the runner dies
  try {
    const child = spawn('ip', ['netns', 'exec', name, 'env', 'NODE_OPTIONS=--import=tsx', `P2P_KIT_LOSS=${LOSS}`,
      process.execPath, 'node_modules/@web/test-runner/dist/bin.js', '--config', 'test/net/wtr-lossy.config.mjs', '--static-logging'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d; });
    child.stderr.on('data', (d: Buffer) => { out += d; });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    for (const line of out.split('\n').filter((l) => /lossy:/.test(l))) console.log(line.trim());
    const dropped = Number(/nftables dropped (\d+) UDP packets/.exec(out)?.[1] ?? 0);
    console.log(`lossy-link tests: RAN in namespace ${name}`);
    assert.equal(code, 0, `web-test-runner in the namespace failed:\n${out.slice(-6000)}`);
    assert.ok(dropped > 0, 'the loss rule dropped nothing: the traffic did not go through it');
  } finally {
    remove();
    process.off('exit', remove);
  }
});
