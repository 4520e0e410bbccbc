import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/p2p-peer.js';
import '../../src/define/p2p-chat.js';
import type { P2PPeerElement } from '../../src/components/p2p-peer/p2p-peer.js';
import type { P2PChatElement } from '../../src/components/p2p-chat/p2p-chat.js';
import type { P2PMessageEvent, P2PMessageStatusEvent, P2PTypingEvent } from '../../src/components/p2p-chat/p2p-chat.events.js';
import type { P2PErrorEvent, P2PStateChangeEvent } from '../../src/components/shared/events.js';
import type { Peer } from '../../src/core/index.js';
import { nextEvent, opened, serverUrl, uniqueId } from './el-peer-helpers.js';

const HOSTILE = '<b id="bold">hi</b><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

function status(chat: P2PChatElement, id: string, want: string): Promise<P2PMessageStatusEvent> {
  const m = chat.messages.find((x) => x.id === id);
  if (m?.status === want) return Promise.resolve(new Event('x') as P2PMessageStatusEvent);
  return nextEvent<P2PMessageStatusEvent>(chat, 'p2p-message-status', (e) => e.id === id && e.status === want);
}

describe('<p2p-chat>', () => {
  let root: HTMLElement;
  let alice: P2PPeerElement, bob: P2PPeerElement;
  let a: P2PChatElement, b: P2PChatElement;

  beforeEach(async () => {
    const [ida, idb] = [uniqueId('alice'), uniqueId('bob')];
    root = await fixture(html`<div>
      <p2p-peer id="pa" server=${serverUrl()} peer-id=${ida} name="Alice"><p2p-chat remote=${idb} remote-name="Bob"></p2p-chat></p2p-peer>
      <p2p-peer id="pb" server=${serverUrl()} peer-id=${idb} name="Bob"><p2p-chat remote=${ida} show-code></p2p-chat></p2p-peer>
    </div>`);
    [alice, bob] = [...root.querySelectorAll('p2p-peer')];
    [a, b] = [...root.querySelectorAll('p2p-chat')];
    await Promise.all([opened(alice), opened(bob)]);
  });
  afterEach(() => root.remove());

  it('sends both ways with delivered and read receipts; text stays text', async () => {
    expect(a.getAttribute('state')).to.equal('idle');
    const incoming = nextEvent<P2PMessageEvent>(b, 'p2p-message');
    const outgoing = nextEvent<P2PMessageEvent>(a, 'p2p-message');
    const stateOpen = nextEvent<P2PStateChangeEvent>(a, 'p2p-state-change', (e) => e.state === 'open');
    const sent = await a.send(HOSTILE);
    expect(sent.status).to.equal('sent');
    expect((await outgoing).message).to.include({ direction: 'out', text: HOSTILE, id: sent.id, from: alice.peer!.id });
    await stateOpen;
    const got = (await incoming).message;
    expect(got).to.include({ id: sent.id, text: HOSTILE, from: alice.peer!.id, direction: 'in' });
    await status(a, sent.id, 'delivered').then(() => status(a, sent.id, 'read'));
    expect(a.messages[0].status).to.equal('read');

    // Rendered as text on both sides: no elements made from it, nothing ran.
    await b.updateComplete;
    for (const chat of [a, b]) {
      const log = chat.shadowRoot!.querySelector('[part=log]')!;
      expect(log.getAttribute('role')).to.equal('log');
      expect(log.querySelector('#bold, img, script')).to.equal(null);
      expect(log.textContent).to.contain(HOSTILE);
    }
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    // A hostile display name is text too (label of the log, typing line).
    a.remoteName = HOSTILE;
    await a.updateComplete;
    expect(a.shadowRoot!.querySelector('[part=log]')!.getAttribute('aria-label')).to.equal(`Chat with ${HOSTILE}`);
    expect(a.shadowRoot!.querySelector('#bold, img, script')).to.equal(null);
    a.remoteName = 'Bob';

    // Bob answers through the composer: label, Enter sends, the field clears.
    const field = b.shadowRoot!.querySelector('textarea')!;
    expect(b.shadowRoot!.querySelector(`label[for=${field.id}]`)!.textContent).to.equal('Message');
    field.focus();
    const back = nextEvent<P2PMessageEvent>(a, 'p2p-message', (e) => e.message.direction === 'in');
    await sendKeys({ type: 'hello alice' });
    await sendKeys({ press: 'Enter' });
    const reply = (await back).message;
    expect(reply.text).to.equal('hello alice');
    expect(reply.from).to.equal(bob.peer!.id);
    expect(field.value).to.equal('');
    await status(b, reply.id, 'read');
    await expect(a).to.be.accessible();
    await expect(b).to.be.accessible();
  });

  it('shows the typing indicator while the remote types', async () => {
    await a.send('warm up'); // opens the connection
    await nextEvent<P2PMessageEvent>(b, 'p2p-message');
    const field = b.shadowRoot!.querySelector('textarea')!;
    const typing = nextEvent<P2PTypingEvent>(a, 'p2p-typing', (e) => e.typing);
    field.value = 'hel';
    field.dispatchEvent(new Event('input'));
    expect((await typing).from).to.equal(bob.peer!.id);
    await a.updateComplete;
    expect(a.hasAttribute('remote-typing')).to.equal(true);
    expect(a.shadowRoot!.querySelector('[part=typing]')!.textContent).to.equal('Bob is typing…');
    const stopped = nextEvent<P2PTypingEvent>(a, 'p2p-typing', (e) => !e.typing);
    await b.send('hello');
    await stopped;
    await a.updateComplete;
    expect(a.hasAttribute('remote-typing')).to.equal(false);
  });

  it('shows the same verification code on both ends', async () => {
    a.showCode = true;
    await a.send('code please');
    await nextEvent(b, 'p2p-message');
    const codeOf = async (c: P2PChatElement) => {
      if (!c.code) await nextEvent(c, 'p2p-verification-code');
      return c.code;
    };
    const [ca, cb] = await Promise.all([codeOf(a), codeOf(b)]);
    expect(ca).to.match(/^\d{6}$/);
    expect(cb).to.equal(ca);
    await b.updateComplete;
    expect(b.shadowRoot!.querySelector('[part=code]')!.textContent).to.equal(`Verification code: ${ca}`);
  });

  it('without a remote, takes the first peer that opens a chat', async () => {
    b.remote = '';
    await b.updateComplete;
    expect(b.shadowRoot!.querySelector('.empty')!.textContent).to.equal('No one to chat with');
    const got = nextEvent<P2PMessageEvent>(b, 'p2p-message');
    await a.send('anyone there?');
    expect((await got).message.text).to.equal('anyone there?');
    expect(b.remote).to.equal(alice.peer!.id);
    const sent = await b.send('yes');
    await status(b, sent.id, 'delivered');
  });

  it('reconnects on the next send after the remote chat went away', async () => {
    await a.send('first');
    await nextEvent(b, 'p2p-message');
    const closed = nextEvent<P2PStateChangeEvent>(a, 'p2p-state-change', (e) => e.state === 'closed');
    b.remove();
    await closed;
    const b2 = document.createElement('p2p-chat');
    b2.remote = alice.peer!.id!;
    bob.append(b2);
    await b2.updateComplete;
    const got = nextEvent<P2PMessageEvent>(b2, 'p2p-message');
    const again = await a.send('second');
    expect((await got).message.text).to.equal('second');
    await status(a, again.id, 'read');
    expect(a.state).to.equal('open');
  });

  it('keeps at most max-messages messages', async () => {
    a.maxMessages = 3;
    for (const text of ['1', '2', '3', '4']) await a.send(text);
    expect(a.messages.map((m) => m.text)).to.deep.equal(['2', '3', '4']);
    await a.updateComplete;
    expect(a.shadowRoot!.querySelectorAll('[part~=message]')).to.have.length(3);
  });

  it('sends no read receipt with no-read-receipts (delivered only)', async () => {
    b.noReadReceipts = true;
    const m1 = await a.send('one');
    await status(a, m1.id, 'delivered');
    // Bob's next message travels after any receipt for m1 on the same ordered channel.
    const back = nextEvent<P2PMessageEvent>(a, 'p2p-message', (e) => e.message.direction === 'in');
    await b.send('two');
    await back;
    expect(a.messages.find((m) => m.id === m1.id)!.status).to.equal('delivered');
  });

  it('rejects without a peer or for an unknown remote, with p2p-error and status failed', async () => {
    const lone = await fixture<P2PChatElement>(html`<p2p-chat remote="x"></p2p-chat>`);
    const e1 = await lone.send('hi').catch((e: { code: string }) => e);
    expect((e1 as { code: string }).code).to.equal('no-peer');
    lone.remove();

    a.remote = uniqueId('nobody');
    await a.updateComplete;
    const err = nextEvent<P2PErrorEvent>(a, 'p2p-error');
    const e2 = await a.send('anyone?').catch((e: { code?: string; type?: string }) => e);
    expect((await err).code).to.equal('peer-unavailable');
    expect(e2).to.have.property('code', 'peer-unavailable');
    expect(a.messages[0].status).to.equal('failed');
    expect(a.shadowRoot!.querySelector('[part~=message-out]')!.textContent).to.contain('Not sent');
  });

  it('keeps its connection over a DOM move, closes it on removal, and leaks no listeners', async () => {
    const peer = alice.peer as unknown as Peer;
    await a.send('hi');
    await nextEvent(b, 'p2p-message');
    const before = peer.listenerCount('connection') + peer.listenerCount('error');
    alice.append(a); // move within the same <p2p-peer>
    await a.updateComplete;
    expect(a.state).to.equal('open');
    expect(a.messages).to.have.length(1);
    for (let i = 0; i < 30; i++) { a.remove(); alice.append(a); await a.updateComplete; }
    expect(peer.listenerCount('connection') + peer.listenerCount('error')).to.equal(before);
    const closed = nextEvent<P2PStateChangeEvent>(b, 'p2p-state-change', (e) => e.state === 'closed');
    a.remove();
    await closed; // the remote notices the chat went away
    expect(peer.listenerCount('connection')).to.be.below(before);
  });
});
