/** <p2p-chat> UI strings: German under the nearest lang="de", and the `strings` override. */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/p2p-peer.js';
import '../../src/define/p2p-chat.js';
import type { P2PPeerElement } from '../../src/components/p2p-peer/p2p-peer.js';
import type { P2PChatElement } from '../../src/components/p2p-chat/p2p-chat.js';
import type { P2PMessageEvent, P2PMessageStatusEvent, P2PTypingEvent } from '../../src/components/p2p-chat/p2p-chat.events.js';
import { nextEvent, opened, serverUrl, uniqueId } from './el-peer-helpers.js';

const q = (el: HTMLElement, sel: string) => el.shadowRoot!.querySelector(sel)!;

/** Resolves when the outgoing message `id` of `chat` has `status` (now or later). */
function status(chat: P2PChatElement, id: string, want: string): Promise<unknown> {
  if (chat.messages.find((m) => m.id === id)?.status === want) return Promise.resolve();
  return nextEvent<P2PMessageStatusEvent>(chat, 'p2p-message-status', (e) => e.id === id && e.status === want);
}

describe('<p2p-chat> strings', () => {
  it('shows German strings under the nearest lang="de": log, composer, receipts, typing, code, times', async () => {
    const [ida, idb] = [uniqueId('alice'), uniqueId('bob')];
    const root = await fixture<HTMLElement>(html`<div lang="de">
      <p2p-peer server=${serverUrl()} peer-id=${ida}><p2p-chat remote=${idb} remote-name="Bob" show-code></p2p-chat></p2p-peer>
      <p2p-peer server=${serverUrl()} peer-id=${idb}><p2p-chat remote=${ida} remote-name="Alice"></p2p-chat></p2p-peer>
    </div>`);
    try {
      const [alice, bob] = [...root.querySelectorAll<P2PPeerElement>('p2p-peer')];
      const [a, b] = [...root.querySelectorAll<P2PChatElement>('p2p-chat')];
      await Promise.all([opened(alice), opened(bob)]);
      await a.updateComplete;
      expect(q(a, '[part=log]').getAttribute('aria-label')).to.equal('Chat mit Bob');
      expect(q(a, '.empty').textContent).to.equal('Noch keine Nachrichten');
      expect(q(a, 'label').textContent).to.equal('Nachricht');
      expect(q(a, 'textarea').getAttribute('placeholder')).to.equal('Nachricht schreiben…');
      expect(q(a, 'button[type=submit]').textContent!.trim()).to.equal('Senden');

      const sent = await a.send('Hallo');
      await nextEvent<P2PMessageEvent>(b, 'p2p-message');
      await status(a, sent.id, 'read');
      await a.updateComplete;
      const out = q(a, '[part~=message-out]');
      expect(out.textContent).to.contain('Du:');
      expect(out.querySelector('.meta')!.textContent).to.contain('Gelesen');
      // Times in the element's language: 24-hour "14:05", not "02:05 PM".
      expect(out.querySelector('time')!.textContent).to.match(/^\d\d:\d\d$/);
      if (!a.code) await nextEvent(a, 'p2p-verification-code');
      await a.updateComplete;
      expect(q(a, '[part=code]').textContent).to.equal(`Prüfcode: ${a.code}`);

      const typing = nextEvent<P2PTypingEvent>(a, 'p2p-typing', (e) => e.typing);
      const field = b.shadowRoot!.querySelector('textarea')!;
      field.value = 'Hal';
      field.dispatchEvent(new Event('input'));
      await typing;
      await a.updateComplete;
      expect(q(a, '[part=typing]').textContent).to.equal('Bob schreibt…');
      await expect(a).to.be.accessible();
    } finally { root.remove(); }
  });

  it('takes overrides from `strings`, in any language, and keeps the rest', async () => {
    const en = await fixture<P2PChatElement>(html`<p2p-chat remote="bob"></p2p-chat>`);
    en.strings = { send: 'Go', placeholder: 'Say hi' };
    await en.updateComplete;
    expect(q(en, 'button[type=submit]').textContent!.trim()).to.equal('Go');
    expect(q(en, 'textarea').getAttribute('placeholder')).to.equal('Say hi');
    expect(q(en, 'label').textContent).to.equal('Message');
    expect(q(en, '[part=log]').getAttribute('aria-label')).to.equal('Chat with bob');
    en.lang = 'de';
    await Promise.resolve(); // the language observer (a MutationObserver) runs first
    await en.updateComplete;
    expect(q(en, 'button[type=submit]').textContent!.trim()).to.equal('Go'); // the override wins
    expect(q(en, 'label').textContent).to.equal('Nachricht');
    en.strings = { log: 'Unterhaltung mit {name}' };
    await en.updateComplete;
    expect(q(en, '[part=log]').getAttribute('aria-label')).to.equal('Unterhaltung mit bob');
    expect(q(en, 'button[type=submit]').textContent!.trim()).to.equal('Senden');
    const lone = await fixture<P2PChatElement>(html`<p2p-chat lang="de-AT"></p2p-chat>`);
    expect(q(lone, '.empty').textContent).to.equal('Kein Gesprächspartner'); // de-AT falls back to de
  });
});
