import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  advanceStatus, decodeEnvelope, MAX_TEXT, messageEnvelope, newMessageId, receiptEnvelope, typingEnvelope,
} from '../../src/sessions/chat/envelope.ts';

test('envelopes round-trip through JSON', () => {
  const id = newMessageId();
  for (const env of [messageEnvelope(id, 'hi <b>there</b>', 1700000000000), receiptEnvelope([id], 'read'), typingEnvelope(true)]) {
    assert.deepEqual(decodeEnvelope(JSON.parse(JSON.stringify(env))), env);
  }
});

test('a bare string is a plain message (PeerJS peers without the envelope)', () => {
  assert.deepEqual(decodeEnvelope('hello'), { p2pchat: 0, type: 'plain', text: 'hello' });
  assert.equal(decodeEnvelope(''), null);
  assert.equal(decodeEnvelope('x'.repeat(MAX_TEXT + 1)), null);
});

test('rejects malformed and hostile envelopes', () => {
  const bad: unknown[] = [
    null, 42, [], {}, { p2pchat: 2, type: 'msg', id: 'a', text: 't', time: 1 },
    { p2pchat: 1, type: 'msg', id: '../x', text: 't', time: 1 },
    { p2pchat: 1, type: 'msg', id: 'a', text: '', time: 1 },
    { p2pchat: 1, type: 'msg', id: 'a', text: 'x'.repeat(MAX_TEXT + 1), time: 1 },
    { p2pchat: 1, type: 'msg', id: 'a', text: 't', time: Infinity },
    { p2pchat: 1, type: 'msg', id: 'a', text: { toString: 1 }, time: 1 },
    { p2pchat: 1, type: 'receipt', ids: [], status: 'read' },
    { p2pchat: 1, type: 'receipt', ids: ['a'], status: 'seen' },
    { p2pchat: 1, type: 'receipt', ids: [1], status: 'read' },
    { p2pchat: 1, type: 'receipt', ids: Array(201).fill('a'), status: 'read' },
    { p2pchat: 1, type: 'typing', typing: 'yes' },
    { p2pchat: 1, type: 'eval', code: 'alert(1)' },
  ];
  for (const b of bad) assert.equal(decodeEnvelope(b), null, JSON.stringify(b)?.slice(0, 80));
});

test('decoded envelopes carry only known fields', () => {
  const d = decodeEnvelope({ p2pchat: 1, type: 'typing', typing: false, __proto__: { x: 1 }, extra: 'y' });
  assert.deepEqual(d, { p2pchat: 1, type: 'typing', typing: false });
});

test('status only moves forward', () => {
  assert.equal(advanceStatus('sending', 'sent'), 'sent');
  assert.equal(advanceStatus('sent', 'read'), 'read');
  assert.equal(advanceStatus('read', 'delivered'), 'read');
  assert.equal(advanceStatus('sending', 'failed'), 'failed');
  assert.equal(advanceStatus('delivered', 'failed'), 'delivered');
  assert.equal(advanceStatus('failed', 'delivered'), 'delivered');
});
