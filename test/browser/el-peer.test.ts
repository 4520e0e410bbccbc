import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/p2p-peer.js';
import '../../src/define/p2p-roster.js';
import type { P2PPeerElement } from '../../src/components/p2p-peer/p2p-peer.js';
import type { P2PRosterElement } from '../../src/components/p2p-roster/p2p-roster.js';
import type { P2PErrorEvent, P2PStateChangeEvent } from '../../src/components/shared/events.js';
import type { Peer } from '../../src/core/index.js';
import { nextEvent, opened, serverUrl, uniqueId } from './el-peer-helpers.js';

const config = { iceServers: [] };

describe('<p2p-peer>', () => {
  it('opens with the requested id, reflects state and fires p2p-state-change + p2p-open', async () => {
    const id = uniqueId('alice');
    const states: string[] = [];
    const el = document.createElement('p2p-peer');
    el.setAttribute('server', serverUrl());
    el.setAttribute('peer-id', id);
    el.config = config;
    el.addEventListener('p2p-state-change', (e) => states.push(`${e.previous}>${e.state}`));
    const open = nextEvent<Event & { id: string }>(el, 'p2p-open');
    document.body.append(el);
    expect((await open).id).to.equal(id);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('open');
    expect(el.peer!.id).to.equal(id);
    expect(el.peerId).to.equal(id);
    expect(states).to.deep.equal(['closed>connecting', 'connecting>open']);
    expect(el.shadowRoot!.querySelector('[part=status]')!.textContent).to.contain(`Online as ${id}`);
    await expect(el).to.be.accessible();
    el.remove();
  });

  it('gets a brokered id without peer-id and works against a stock PeerServer', async () => {
    const el = await fixture<P2PPeerElement>(html`<p2p-peer server=${serverUrl('stock')} .config=${config}></p2p-peer>`);
    const id = await opened(el);
    expect(id).to.match(/^[0-9a-f-]{36}$/);
    await el.updateComplete;
    expect(el.peerId).to.equal(id); // the brokered id, without a new session
    expect(el.peer!.id).to.equal(id);
    expect(el.hasAttribute('peer-id')).to.equal(false);
    el.remove();
  });

  it('reports an invalid server URL as p2p-error and state failed', async () => {
    const el = document.createElement('p2p-peer');
    el.server = 'ftp://nowhere/';
    const err = nextEvent<P2PErrorEvent>(el, 'p2p-error');
    document.body.append(el);
    expect((await err).code).to.equal('invalid-server');
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('failed');
    expect(el.shadowRoot!.querySelector('[part=status]')!.textContent).to.equal('Connection failed: the server address is not valid');
    el.remove();
  });

  it('reports an id held by another client as p2p-error unavailable-id', async () => {
    const id = uniqueId('twin');
    const { host, port, path, key } = window.TEST_SERVERS.kit;
    // Another client (different token) holds the id.
    const holder = new WebSocket(`ws://${host}:${port}${path}peerjs?key=${key}&id=${id}&token=othertoken`);
    await nextEvent<MessageEvent>(holder, 'message', (m) => JSON.parse(m.data as string).type === 'OPEN');
    const b = document.createElement('p2p-peer');
    Object.assign(b, { server: serverUrl(), peerId: id });
    const err = nextEvent<P2PErrorEvent>(b, 'p2p-error');
    const failed = nextEvent<P2PStateChangeEvent>(b, 'p2p-state-change', (e) => e.state === 'failed');
    document.body.append(b);
    expect((await err).code).to.equal('unavailable-id');
    await failed;
    expect(b.getAttribute('state')).to.equal('failed');
    await b.updateComplete;
    expect(b.shadowRoot!.querySelector('[part=status]')!.textContent).to.equal(`Connection failed: the id ${id} is taken`);
    holder.close(); b.remove();
  });

  it('survives a DOM move with the same Peer, and destroys it once removed', async () => {
    const host = await fixture<HTMLDivElement>(html`<div><section></section><p2p-peer server=${serverUrl()}></p2p-peer></div>`);
    const el = host.querySelector('p2p-peer')!;
    await opened(el);
    const peer = el.peer!;
    host.querySelector('section')!.append(el); // disconnect + connect
    await el.updateComplete;
    expect(el.peer).to.equal(peer);
    expect(peer.destroyed).to.equal(false);
    expect(el.state).to.equal('open');
    const closed = nextEvent<P2PStateChangeEvent>(el, 'p2p-state-change', (e) => e.state === 'closed');
    el.remove();
    await closed;
    expect(peer.destroyed).to.equal(true);
    expect(el.peer).to.equal(undefined);
    // Back in the DOM: a new session.
    host.append(el);
    await opened(el);
    expect(el.peer).to.not.equal(peer);
    el.remove();
  });

  for (const name of ['kit', 'stock'] as const) {
    it(`reclaims its explicit id when removed and re-added at once (${name} server)`, async () => {
      const id = uniqueId('again');
      const el = await fixture<P2PPeerElement>(html`<p2p-peer server=${serverUrl(name)} peer-id=${id}></p2p-peer>`);
      await opened(el);
      const parent = el.parentElement!;
      const closed = nextEvent<P2PStateChangeEvent>(el, 'p2p-state-change', (e) => e.state === 'closed');
      el.remove();
      await closed;
      const seen: string[] = [];
      el.addEventListener('p2p-error', (e) => seen.push(e.code));
      el.addEventListener('p2p-state-change', (e) => seen.push(e.state));
      parent.append(el); // the server may not have noticed the old socket yet: retried, not failed
      expect(await opened(el)).to.equal(id);
      expect(seen).to.deep.equal(['connecting', 'open']);
      el.remove();
    });
  }

  it('provides its Peer to descendants, by id reference and by attached property, and follows re-creation', async () => {
    const id = uniqueId('prov');
    const root = await fixture<HTMLDivElement>(html`<div>
      <p2p-peer id="sess" server=${serverUrl()} peer-id=${id} .config=${config}><p2p-roster class="child"></p2p-roster></p2p-peer>
      <p2p-roster class="byref" peer="sess"></p2p-roster>
      <p2p-roster class="byprop"></p2p-roster>
      <p2p-roster class="late" peer="later"></p2p-roster>
    </div>`);
    const el = root.querySelector('p2p-peer')!;
    await opened(el);
    const resolved = (r: P2PRosterElement) => (r as unknown as { peers: { peer?: Peer } }).peers.peer;
    const [child, byref, byprop, late] = [...root.querySelectorAll('p2p-roster')];
    expect(resolved(child)).to.equal(el.peer);
    expect(resolved(byref)).to.equal(el.peer);
    byprop.peer = el; // a <p2p-peer> as the attached object
    await byprop.updateComplete;
    expect(resolved(byprop)).to.equal(el.peer);
    expect(resolved(late)).to.equal(undefined);
    el.id = 'later'; // the reference appears: resolved without any other change
    await late.updateComplete;
    expect(resolved(late)).to.equal(el.peer);
    expect(resolved(byref)).to.equal(el.peer); // keeps its element until it re-resolves
    // A session attribute change re-creates the Peer; consumers follow.
    const old = el.peer;
    el.peerId = uniqueId('prov2');
    await opened(el);
    expect(el.peer).to.not.equal(old);
    expect(old!.destroyed).to.equal(true);
    expect(resolved(child)).to.equal(el.peer);
    expect(resolved(byprop)).to.equal(el.peer);
    el.remove();
  });

  it('uses German status strings under lang="de"', async () => {
    const root = await fixture<HTMLDivElement>(html`<div lang="de"><p2p-peer server=${serverUrl()}></p2p-peer></div>`);
    const el = root.querySelector('p2p-peer')!;
    await opened(el);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=status]')!.textContent).to.contain('Online als');
    el.strings = { open: 'Da: {id}' };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=status]')!.textContent).to.equal(`Da: ${el.peerId}`);
    el.remove();
  });

  it('does not leak listeners on its Peer when children connect and disconnect 30 times', async () => {
    const el = await fixture<P2PPeerElement>(html`<p2p-peer server=${serverUrl()}></p2p-peer>`);
    await opened(el);
    const peer = el.peer as unknown as Peer;
    const before = ['presence', 'open', 'state', 'connection'].map((t) => peer.listenerCount(t as 'open'));
    const child = document.createElement('p2p-roster');
    for (let i = 0; i < 30; i++) {
      el.append(child);
      await child.updateComplete;
      child.remove();
    }
    const after = ['presence', 'open', 'state', 'connection'].map((t) => peer.listenerCount(t as 'open'));
    expect(after).to.deep.equal(before);
    el.remove();
  });
});
