/** The mesh uplink policy (ROOMS.md §5): the budget split over n − 1 links, resolution stepping down. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uplinkPolicy } from '../../src/core/room/uplink.ts';

test('per-link video caps for 2, 3, 4, 6 and 8 members of a 720p camera, and a smaller budget', () => {
  const at = (links: number, budget?: number) => uplinkPolicy(links, 720, budget);
  assert.deepEqual(at(1), { maxBitrate: 1_500_000, scaleResolutionDownBy: 1 });
  assert.deepEqual(at(2), { maxBitrate: 900_000, scaleResolutionDownBy: 720 / 540 });
  assert.deepEqual(at(3), { maxBitrate: 600_000, scaleResolutionDownBy: 2 });
  assert.deepEqual(at(5), { maxBitrate: 350_000, scaleResolutionDownBy: 720 / 270 });
  assert.deepEqual(at(7), { maxBitrate: 240_000, scaleResolutionDownBy: 4 });
  assert.equal(at(3, 900).maxBitrate, 300_000, 'a 900 kbps budget gives each of 3 links 300');
  assert.equal(uplinkPolicy(3, 240).scaleResolutionDownBy, 1, 'never scales up a small camera');
});
