/** StartPacer: a new channel's first PACED_BYTES go at START_RATE at most; after them, no waiting. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PACED_BYTES, START_RATE, StartPacer } from '../../src/core/pacer.ts';

const KiB = 1024;

test('frames written faster than the start rate wait until they are due; a slow writer never waits', () => {
  let now = 1000;
  const p = new StartPacer({ now: () => now });
  assert.equal(p.delay(256 * KiB), 0, 'the first frame goes at once');
  const due = (256 * KiB) / START_RATE;
  assert.ok(Math.abs(p.delay(256 * KiB) - due) < 1e-9, 'the second is due one frame time after the start');
  now += 10 * due; // a writer slower than the rate
  assert.equal(p.delay(256 * KiB), 0);
});

test('pacing ends after the first PACED_BYTES of the channel', () => {
  const now = 0;
  const p = new StartPacer({ now: () => now });
  let waited = 0, n = 0;
  for (let sent = 0; sent < PACED_BYTES; sent += 256 * KiB, n++) waited = p.delay(256 * KiB);
  assert.ok(waited > 0.9 * (PACED_BYTES / START_RATE), `the last paced frame waits ~1 s at 8 MiB/s (${waited})`);
  assert.equal(p.delay(256 * KiB), 0, 'unpaced from then on, with no catching up');
  assert.equal(n, PACED_BYTES / (256 * KiB));
});
