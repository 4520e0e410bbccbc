import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mintTurnCredentials, checkTurnOptions } from '../../src/server/turn.ts';

test('turn: coturn REST scheme username and HMAC-SHA1 password', () => {
  const c = mintTurnCredentials({ secret: 'north-sea-secret', urls: ['turn:127.0.0.1:3478'], ttlSeconds: 600 }, 'alice', 1_700_000_000_000);
  assert.equal(c.username, '1700000600:alice');
  // Independent recomputation in the form coturn documents: base64(hmac-sha1(secret, username)).
  assert.equal(c.credential, createHmac('sha1', 'north-sea-secret').update('1700000600:alice').digest().toString('base64'));
  assert.deepEqual(c.urls, ['turn:127.0.0.1:3478']);
});

test('turn: options are checked up front', () => {
  assert.throws(() => checkTurnOptions({ secret: 'short', urls: ['turn:x'] }), /secret/);
  assert.throws(() => checkTurnOptions({ secret: 'long-enough', urls: ['http://x'] }), /urls/);
  assert.throws(() => checkTurnOptions({ secret: 'long-enough', urls: ['turn:x'], ttlSeconds: -1 }), /ttlSeconds/);
  assert.doesNotThrow(() => checkTurnOptions({ secret: 'long-enough', urls: ['turns:x:5349'] }));
});
