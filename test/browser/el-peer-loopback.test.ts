import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/p2p-peer.js';
import '../../src/define/p2p-chat.js';
import '../../src/define/p2p-roster.js';
import { createLoopbackNetwork, Peer } from '../../src/core/index.js';
import type { P2PChatElement } from '../../src/components/p2p-chat/p2p-chat.js';
import type { P2PMessageEvent } from '../../src/components/p2p-chat/p2p-chat.events.js';
import type { P2PPeerElement } from '../../src/components/p2p-peer/p2p-peer.js';
import type { P2PStateChangeEvent } from '../../src/components/shared/events.js';
import type { P2PRosterElement } from '../../src/components/p2p-roster/p2p-roster.js';
import { nextEvent, opened, serverUrl, uniqueId } from './el-peer-helpers.js';

describe('elements without a server (loopback transport, as in stories)', () => {
  it('chats and lists presence between two <p2p-peer>s on one loopback network', async () => {
    const net = createLoopbackNetwork();
    const root = await fixture(html`<div>
      <p2p-peer peer-id="ann" name="Ann" discoverable .transport=${net.transport()}><p2p-roster></p2p-roster><p2p-chat remote="ben"></p2p-chat></p2p-peer>
      <p2p-peer peer-id="ben" name="Ben" discoverable .transport=${net.transport()}><p2p-chat remote="ann"></p2p-chat></p2p-peer>
    </div>`);
    const [ann, ben] = [...root.querySelectorAll<P2PPeerElement>('p2p-peer')];
    await Promise.all([opened(ann), opened(ben)]);
    const roster = root.querySelector<P2PRosterElement>('p2p-roster')!;
    while (roster.list.length === 0) { await nextEvent(ann.peer as unknown as Peer, 'presence'); await roster.updateComplete; }
    expect(roster.list).to.deep.equal([{ id: 'ben', name: 'Ben' }]);
    const [ca, cb] = [...root.querySelectorAll<P2PChatElement>('p2p-chat')];
    const got = nextEvent<P2PMessageEvent>(cb, 'p2p-message');
    await ca.send('over loopback');
    expect((await got).message.text).to.equal('over loopback');
    root.remove();
    net.close();
  });

  it('reflects reconnecting, then open again, when the signalling connection drops', async () => {
    const net = createLoopbackNetwork();
    const el = await fixture<P2PPeerElement>(html`<p2p-peer peer-id="solo" .transport=${net.transport()}></p2p-peer>`);
    await opened(el);
    const peer = el.peer;
    const seen: string[] = [];
    el.addEventListener('p2p-state-change', (e) => seen.push(e.state));
    const back = nextEvent<P2PStateChangeEvent>(el, 'p2p-state-change', (e) => e.state === 'open');
    net.drop('solo');
    await back;
    expect(seen).to.deep.equal(['reconnecting', 'open']);
    expect(el.getAttribute('state')).to.equal('open');
    expect(el.peer).to.equal(peer); // same session, same id
    expect(el.peerId).to.equal('solo');
    el.remove();
    net.close();
  });

  it('accepts a core Peer attached directly to the peer property', async () => {
    const { host, port, path, key } = window.TEST_SERVERS.kit;
    const peer = new Peer(uniqueId('raw'), { host, port, path, key, config: { iceServers: [] } });
    const self = await fixture<P2PPeerElement>(html`<p2p-peer server=${serverUrl()} discoverable name="Self"></p2p-peer>`);
    await opened(self);
    const roster = await fixture<P2PRosterElement>(html`<p2p-roster .peer=${peer}></p2p-roster>`);
    if (!peer.open) await nextEvent(peer, 'open');
    while (!roster.list.some((e) => e.id === self.peer!.id)) { await nextEvent(peer, 'presence'); await roster.updateComplete; }
    expect(roster.list.find((e) => e.id === self.peer!.id)!.name).to.equal('Self');
    roster.remove(); self.remove(); peer.destroy();
  });
});
