import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayName, MAX_NAME, parseActions, rosterEntries } from '../../src/components/p2p-roster/roster-model.ts';

test('rosterEntries drops self, duplicates and junk, and sorts by name then id', () => {
  const list = rosterEntries([
    { id: 'me', metadata: { name: 'Me' } }, { id: 'b2', metadata: { name: 'bob' } }, { id: 'a1', metadata: { name: 'Alice' } },
    { id: 'zz' }, { id: 'b1', metadata: { name: 'bob' } }, { id: '' }, { id: 'a1', metadata: { name: 'Alice again' } },
  ], 'me');
  assert.deepEqual(list.map((e) => e.id), ['a1', 'b1', 'b2', 'zz']);
  assert.equal(list[0].name, 'Alice again');
  assert.equal(list[3].name, '');
});

test('displayName takes only strings, collapses whitespace and cuts long names', () => {
  assert.equal(displayName({ id: 'x', metadata: { name: 42 } }), '');
  assert.equal(displayName({ id: 'x', metadata: { name: '  Ann \n Lee ' } }), 'Ann Lee');
  assert.equal(displayName({ id: 'x', metadata: { name: '<img src=x onerror=alert(1)>' } }), '<img src=x onerror=alert(1)>');
  assert.equal(displayName({ id: 'x', metadata: { name: 'n'.repeat(200) } }).length, MAX_NAME);
});

test('parseActions keeps known actions in a fixed order', () => {
  assert.deepEqual(parseActions('file call bogus'), ['call', 'file']);
  assert.deepEqual(parseActions('chat,call'), ['call', 'chat']);
  assert.deepEqual(parseActions(''), []);
});
