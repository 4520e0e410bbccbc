// The loopback network's rooms (stories and offline tests) answer like our server: rising seqs,
// the member list, pushes to the others only, the cap, refusal codes, leave on socket close.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoopbackRooms } from '../../src/core/loopback-rooms.js';
import type { RoomEvent } from '../../src/protocol/index.js';

function rooms(cap?: number) {
  const got: [string, RoomEvent][] = [];
  const r = new LoopbackRooms((id, e) => got.push([id, e]), cap);
  const take = () => got.splice(0);
  return { r, take };
}

test('joiners get rising seqs and the members before them; the others get one join push', () => {
  const { r, take } = rooms();
  r.apply('ann', { action: 'join', room: 'x', metadata: { name: 'Ann' } });
  assert.deepEqual(take(), [['ann', { event: 'joined', room: 'x', seq: 1, max: 6, members: [] }]]);
  r.apply('ben', { action: 'join', room: 'x' });
  assert.deepEqual(take(), [
    ['ben', { event: 'joined', room: 'x', seq: 2, max: 6, members: [{ id: 'ann', seq: 1, metadata: { name: 'Ann' } }] }],
    ['ann', { event: 'join', room: 'x', member: { id: 'ben', seq: 2 } }],
  ]);
  r.apply('ben', { action: 'update', room: 'x', metadata: { muted: true } });
  assert.deepEqual(take(), [['ann', { event: 'update', room: 'x', member: { id: 'ben', seq: 2, metadata: { muted: true } } }]]);
});

test('the cap and a joiner\'s own max refuse with full; bad max and names are refused', () => {
  const { r, take } = rooms(3);
  for (const id of ['a', 'b', 'c']) r.apply(id, { action: 'join', room: 'x' });
  take();
  r.apply('d', { action: 'join', room: 'x' });
  assert.deepEqual(take(), [['d', { event: 'error', room: 'x', code: 'full', msg: 'The room is full', max: 3 }]]);
  r.apply('e', { action: 'join', room: 'y', max: 9 });
  assert.equal((take()[0]![1] as { code: string }).code, 'invalid-max');
  r.apply('e', { action: 'join', room: '-bad' });
  assert.equal((take()[0]![1] as { code: string }).code, 'invalid-room');
  r.apply('e', { action: 'leave', room: 'x' });
  assert.equal((take()[0]![1] as { code: string }).code, 'not-member');
});

test('leave answers left and tells the rest; a closed socket leaves every room as gone', () => {
  const { r, take } = rooms();
  for (const room of ['x', 'y']) for (const id of ['a', 'b']) r.apply(id, { action: 'join', room });
  take();
  r.apply('a', { action: 'leave', room: 'x' });
  assert.deepEqual(take(), [['b', { event: 'leave', room: 'x', id: 'a', reason: 'left' }], ['a', { event: 'left', room: 'x' }]]);
  r.removed('b');
  assert.deepEqual(take(), [['a', { event: 'leave', room: 'y', id: 'b', reason: 'gone' }]]);
  r.apply('c', { action: 'join', room: 'x' });
  assert.deepEqual(take(), [['c', { event: 'joined', room: 'x', seq: 1, max: 6, members: [] }]]);
});
