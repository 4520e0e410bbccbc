/**
 * src/sessions/chat/conversation.ts in plain Node: receipts (delivered at once, read only when the
 * owner can read), status only moving forward, duplicates re-acknowledged but not shown twice,
 * typing in both directions, the message bound.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChatConversation, messageEnvelope, receiptEnvelope, typingEnvelope, type ChatEnvelope, type ChatMessage, type ChatSession,
} from '../../src/sessions/index.ts';

function setup(opts: { canRead?: boolean; maxMessages?: number; noReadReceipts?: boolean } = {}) {
  const sent: ChatEnvelope[] = [];
  const events: string[] = [];
  let readable = opts.canRead ?? true;
  // Only what the conversation uses of a session: its state and the fire-and-forget send.
  const session = { state: 'open', trySend: (e: ChatEnvelope) => { sent.push(e); }, connect: async () => undefined } as unknown as ChatSession;
  const conv = new ChatConversation({
    remote: 'bob', noReadReceipts: opts.noReadReceipts ?? false, maxMessages: opts.maxMessages ?? 100,
    chatSession: session, canRead: () => readable,
  }, {
    message: (m: ChatMessage) => events.push(`message:${m.text}`),
    status: (id, s) => events.push(`status:${id}:${s}`),
    typing: (t) => events.push(`typing:${t}`),
    changed: () => events.push('changed'),
  });
  return { conv, sent, events, setReadable: (r: boolean) => { readable = r; } };
}

test('an incoming message is acknowledged delivered, and read only once the owner can read it', () => {
  const { conv, sent, events, setReadable } = setup({ canRead: false });
  conv.received(messageEnvelope('m1', 'hi', 1));
  assert.deepEqual(sent, [receiptEnvelope(['m1'], 'delivered')]);
  assert.deepEqual(conv.messages.map((m) => [m.id, m.direction, m.from, m.text]), [['m1', 'in', 'bob', 'hi']]);
  assert.ok(events.includes('message:hi'));
  conv.received(messageEnvelope('m1', 'hi', 1)); // resent over a second connection
  assert.equal(conv.messages.length, 1);
  assert.equal(sent.length, 2, 'a duplicate is acknowledged again');
  setReadable(true);
  conv.maybeRead();
  assert.deepEqual(sent.at(-1), receiptEnvelope(['m1'], 'read'));
  conv.maybeRead();
  assert.equal(sent.length, 3, 'read once');
});

test('no read receipts when told so; delivered ones still go', () => {
  const { conv, sent } = setup({ noReadReceipts: true });
  conv.received(messageEnvelope('m1', 'hi', 1));
  assert.deepEqual(sent, [receiptEnvelope(['m1'], 'delivered')]);
});

test('receipts move an outgoing status forward only', () => {
  const { conv, events } = setup();
  conv.addOutgoing({ id: 'o1', from: 'me', text: 'yo', time: 1, direction: 'out', status: 'sending' });
  conv.setStatus('o1', 'sent');
  conv.received(receiptEnvelope(['o1'], 'read'));
  conv.received(receiptEnvelope(['o1'], 'delivered'));
  assert.equal(conv.messages[0]!.status, 'read');
  assert.deepEqual(events.filter((e) => e.startsWith('status:')), ['status:o1:sent', 'status:o1:read']);
});

test('typing: remote indicator on and off (a message ends it); local typing sent at a bounded rate', () => {
  const { conv, sent, events } = setup();
  conv.received(typingEnvelope(true));
  assert.equal(conv.remoteTyping, true);
  conv.received(messageEnvelope('m1', 'done typing', 1));
  assert.equal(conv.remoteTyping, false);
  assert.deepEqual(events.filter((e) => e.startsWith('typing:')), ['typing:true', 'typing:false']);
  sent.length = 0;
  conv.localTyping(true);
  conv.localTyping(true);
  assert.deepEqual(sent, [typingEnvelope(true)]);
  conv.localTyping(false);
  assert.deepEqual(sent, [typingEnvelope(true), typingEnvelope(false)]);
  conv.reset();
});

test('the log keeps at most maxMessages, dropping the oldest', () => {
  const { conv } = setup({ maxMessages: 2 });
  for (const id of ['a', 'b', 'c']) conv.received(messageEnvelope(id, id, 1));
  assert.deepEqual(conv.messages.map((m) => m.id), ['b', 'c']);
});
