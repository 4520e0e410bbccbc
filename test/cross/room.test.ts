/**
 * A mixed mesh room against one `p2p-kit serve` process: two members in the Chromium page and one in
 * the Firefox page. Every member gets the other two's video playing over its own links; the
 * Firefox member's mute reaches the Chromium members, and its leave removes it from their rooms.
 */
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { uid, useEngines } from './engines.ts';

const { engines } = useEngines({ before, after, beforeEach, afterEach });

test('a room of two Chromium members and one Firefox member: video on every link, mute and leave seen across engines', { timeout: 180000 }, async () => {
  const { chromium, firefox } = engines();
  const room = uid('mixed');
  const crIds = [uid('cr'), uid('cr')];
  const ffId = uid('ff');
  try {
    await chromium.run('roomJoin', room, crIds);
    await firefox.run('roomJoin', room, [ffId]);
    const [cr, ff] = await Promise.all([
      chromium.run<{ id: string; others: { id: string; width: number }[] }[]>('roomVideos', 3),
      firefox.run<{ id: string; others: { id: string; width: number }[] }[]>('roomVideos', 3),
    ]);
    const all = [...crIds, ffId].sort();
    for (const m of [...cr, ...ff]) {
      assert.deepEqual(m.others.map((o) => o.id).sort(), all.filter((id) => id !== m.id), `${m.id} has links to the other two`);
      assert.ok(m.others.every((o) => o.width > 0), `${m.id}: both remote videos play (${JSON.stringify(m.others)})`);
    }
    await firefox.run('roomMuteAll');
    await chromium.run('roomSees', ffId, 'muted');
    await firefox.run('roomLeaveAll');
    await chromium.run('roomSees', ffId, 'gone');
  } finally {
    await Promise.all([chromium.run('roomLeaveAll'), firefox.run('roomLeaveAll')]);
  }
});
