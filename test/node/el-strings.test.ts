import { test } from 'node:test';
import assert from 'node:assert/strict';
import { format, pickStrings, type StringTable } from '../../src/components/shared/strings.ts';

const table: StringTable<{ hi: string; bye: string }> = { en: { hi: 'Hi {name}', bye: 'Bye' }, de: { hi: 'Hallo {name}' } };

test('pickStrings: exact locale, base language, English fallback per key, then overrides', () => {
  assert.deepEqual(pickStrings(table, 'de'), { hi: 'Hallo {name}', bye: 'Bye' });
  assert.deepEqual(pickStrings(table, 'de-AT'), { hi: 'Hallo {name}', bye: 'Bye' });
  assert.deepEqual(pickStrings(table, 'fr'), table.en);
  assert.deepEqual(pickStrings(table, ''), table.en);
  assert.deepEqual(pickStrings(table, 'DE', { bye: 'Tschüss' }), { hi: 'Hallo {name}', bye: 'Tschüss' });
});

test('format fills known placeholders only and never interprets the values', () => {
  assert.equal(format('Hi {name}, {n} new', { name: '<b>x</b>', n: 3 }), 'Hi <b>x</b>, 3 new');
  assert.equal(format('{missing} stays'), '{missing} stays');
  assert.equal(format('{name}', { name: '{name}' }), '{name}');
});
