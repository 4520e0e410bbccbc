/** <p2p-room>'s screen-reader announcer: joins and leaves within one window are said once, coalesced. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RoomAnnouncer } from '../../src/components/p2p-room/room-announcer.ts';

test('events within the window come out as one call; the next window starts fresh; stop() drops pending', async () => {
  const said: [string[], string[]][] = [];
  let done!: () => void;
  let wait = new Promise<void>((r) => { done = r; });
  const a = new RoomAnnouncer((j, l) => { said.push([j, l]); done(); }, 30);
  a.join('Ana'); a.join('Bo'); a.leave('Cy');
  await wait;
  assert.deepEqual(said, [[['Ana', 'Bo'], ['Cy']]]);
  wait = new Promise<void>((r) => { done = r; });
  a.leave('Ana');
  await wait;
  assert.deepEqual(said[1], [[], ['Ana']]);
  a.join('Dee');
  a.stop();
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(said.length, 2, 'nothing after stop()');
});
