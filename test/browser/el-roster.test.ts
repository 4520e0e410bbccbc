import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/p2p-peer.js';
import '../../src/define/p2p-roster.js';
import type { P2PPeerElement } from '../../src/components/p2p-peer/p2p-peer.js';
import type { P2PRosterElement } from '../../src/components/p2p-roster/p2p-roster.js';
import type { P2PSelectEvent } from '../../src/components/p2p-roster/p2p-roster.events.js';
import type { Peer } from '../../src/core/index.js';
import { nextEvent, opened, serverUrl, uniqueId } from './el-peer-helpers.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

/** Resolves once the roster lists exactly `ids` (re-checked at each presence push). */
async function rosterShows(roster: P2PRosterElement, ids: string[]): Promise<void> {
  const peer = (roster as unknown as { peers: { peer: Peer } }).peers.peer;
  const want = [...ids].sort().join();
  const matches = async () => { await roster.updateComplete; return roster.list.map((e) => e.id).sort().join() === want; };
  while (!(await matches())) await nextEvent(peer, 'presence');
}

describe('<p2p-roster>', () => {
  let me: P2PPeerElement;
  let roster: P2PRosterElement;
  const others: P2PPeerElement[] = [];

  async function join(name: string, discoverable = true): Promise<P2PPeerElement> {
    const el = document.createElement('p2p-peer');
    Object.assign(el, { server: serverUrl(), name, discoverable, peerId: uniqueId('r') });
    document.body.append(el);
    others.push(el);
    await opened(el);
    return el;
  }

  beforeEach(async () => {
    me = await fixture<P2PPeerElement>(html`<p2p-peer server=${serverUrl()} name="Me" discoverable peer-id=${uniqueId('me')}>
      <p2p-roster></p2p-roster></p2p-peer>`);
    roster = me.querySelector('p2p-roster')!;
    await opened(me);
  });
  afterEach(() => { others.splice(0).forEach((o) => o.remove()); me.remove(); });

  it('shows the empty state, then a peer joining (as text, id in title) and leaving; never itself', async () => {
    // Other tests' peers may still be leaving: wait until only ours are listed.
    await rosterShows(roster, []);
    const empty = roster.shadowRoot!.querySelector('[part=empty]')!;
    expect(empty.textContent).to.equal('No one else is online');
    expect(roster.getAttribute('count')).to.equal('0');
    await expect(roster).to.be.accessible();

    const bob = await join(HOSTILE);
    await rosterShows(roster, [bob.peer!.id!]);
    const row = roster.shadowRoot!.querySelector('[part=peer]')!;
    const name = row.querySelector('[part=name]')!;
    expect(name.getAttribute('title')).to.equal(bob.peer!.id);
    expect(name.textContent).to.contain(HOSTILE);
    expect(roster.shadowRoot!.querySelector('img')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    expect(roster.getAttribute('count')).to.equal('1');
    // Accessible names carry who the action is for.
    const buttons = [...row.querySelectorAll('button')];
    expect(buttons.map((b) => b.dataset.action)).to.deep.equal(['call', 'chat', 'file']);
    expect(buttons[0].textContent!.replace(/\s+/g, ' ').trim()).to.equal(`Call ${HOSTILE}`);
    await expect(roster).to.be.accessible();

    const hidden = await join('Hidden', false); // not discoverable: not listed
    const carol = await join('Carol');
    await rosterShows(roster, [bob.peer!.id!, carol.peer!.id!]);
    expect(roster.list.map((e) => e.name)).to.deep.equal(['<img src=x onerror="window.__pwned=1">', 'Carol']);
    expect(roster.list.some((e) => e.id === me.peer!.id || e.id === hidden.peer!.id)).to.equal(false);

    bob.remove();
    await rosterShows(roster, [carol.peer!.id!]);
    carol.remove();
    await rosterShows(roster, []);
    expect(roster.shadowRoot!.querySelector('[part=empty]')).to.not.equal(null);
  });

  it('fires p2p-select from clicks and the keyboard, with only the configured actions', async () => {
    const bob = await join('Bob');
    await rosterShows(roster, [bob.peer!.id!]);
    roster.actions = 'chat file';
    await roster.updateComplete;
    const buttons = [...roster.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=actions] button')];
    expect(buttons.map((b) => b.dataset.action)).to.deep.equal(['chat', 'file']);

    const click = nextEvent<P2PSelectEvent>(document, 'p2p-select'); // bubbles and is composed
    buttons[0].click();
    const e1 = await click;
    expect([e1.peerId, e1.action, e1.name]).to.deep.equal([bob.peer!.id, 'chat', 'Bob']);

    // A name change shows up live (presence update).
    bob.name = 'Robert';
    const rosterPeer = (roster as unknown as { peers: { peer: Peer } }).peers.peer;
    while (roster.list[0]?.name !== 'Robert') { await nextEvent(rosterPeer, 'presence'); await roster.updateComplete; }
    expect(roster.shadowRoot!.querySelector('[part=name]')!.textContent).to.contain('Robert');

    const fileButton = roster.shadowRoot!.querySelector<HTMLButtonElement>('[data-action=file]')!;
    fileButton.focus();
    const key = nextEvent<P2PSelectEvent>(roster, 'p2p-select');
    await sendKeys({ press: 'Enter' });
    expect((await key).action).to.equal('file');
  });

  it('follows the language and string overrides', async () => {
    const lone = await fixture<P2PRosterElement>(html`<p2p-roster></p2p-roster>`);
    const text = () => lone.shadowRoot!.querySelector('[part=empty]')!.textContent;
    document.documentElement.lang = 'de';
    await nextFrame(); // the lang observer (a microtask) has requested the update by then
    await lone.updateComplete;
    try {
      expect(text()).to.equal('Nicht verbunden');
      lone.strings = { offline: 'Getrennt' };
      await lone.updateComplete;
      expect(text()).to.equal('Getrennt');
    } finally {
      document.documentElement.lang = '';
    }
    await nextFrame();
    await lone.updateComplete;
    expect(text()).to.equal('Getrennt');
    lone.strings = undefined;
    await lone.updateComplete;
    expect(text()).to.equal('Not connected');
  });

  it('shows "not connected" without a peer and leaves no listeners after 30 connects/disconnects', async () => {
    const lone = await fixture<P2PRosterElement>(html`<p2p-roster></p2p-roster>`);
    expect(lone.shadowRoot!.querySelector('[part=empty]')!.textContent).to.equal('Not connected');
    const peer = me.peer as unknown as Peer;
    const count = () => peer.listenerCount('presence') + peer.listenerCount('open') + peer.listenerCount('state');
    const before = count();
    for (let i = 0; i < 30; i++) {
      lone.peer = me;
      await lone.updateComplete;
      expect((lone as unknown as { peers: { peer?: Peer } }).peers.peer).to.equal(peer);
      lone.remove();
      lone.peer = undefined;
      document.body.append(lone);
      await lone.updateComplete;
    }
    lone.remove();
    expect(count()).to.equal(before);
  });
});
