// <p2p-chat> with a stock PeerJS 1.5 peer on a stock PeerServer: plain strings from PeerJS become
// messages; PeerJS gets our JSON envelopes; there are no receipts, so status stays `sent`.
import { expect, fixture, html } from '@open-wc/testing';
import type { DataConnection as PeerJsConn, Peer as PeerJsPeer } from 'peerjs';
import '../../src/define/p2p-peer.js';
import '../../src/define/p2p-chat.js';
import type { P2PChatElement } from '../../src/components/p2p-chat/p2p-chat.js';
import type { P2PMessageEvent } from '../../src/components/p2p-chat/p2p-chat.events.js';
import type { P2PPeerElement } from '../../src/components/p2p-peer/p2p-peer.js';
import { nextEvent, opened, serverUrl, uniqueId } from './el-peer-helpers.js';

async function stockPeer(id: string): Promise<PeerJsPeer> {
  if (!window.peerjs) {
    await new Promise((resolve, reject) => {
      document.head.append(Object.assign(document.createElement('script'), { src: '/node_modules/peerjs/dist/peerjs.js', onload: resolve, onerror: reject }));
    });
  }
  const s = window.TEST_SERVERS.stock;
  const p = new window.peerjs!.Peer(id, { host: s.host, port: s.port, path: s.path, key: s.key, secure: false, config: { iceServers: [] } });
  await new Promise<void>((resolve, reject) => { p.once('open', () => resolve()); p.once('error', reject); });
  return p;
}

const nextData = (c: PeerJsConn): Promise<unknown> => new Promise((resolve) => c.once('data', resolve));

describe('<p2p-chat> with stock PeerJS on a stock PeerServer', () => {
  let pj: PeerJsPeer;
  let kit: P2PPeerElement;
  let chat: P2PChatElement;

  beforeEach(async () => {
    const pjId = uniqueId('pj');
    pj = await stockPeer(pjId);
    kit = await fixture<P2PPeerElement>(html`<p2p-peer server=${serverUrl('stock')} peer-id=${uniqueId('kit')}>
      <p2p-chat remote=${pjId}></p2p-chat></p2p-peer>`);
    chat = kit.querySelector('p2p-chat')!;
    await opened(kit);
  });
  afterEach(() => { kit.remove(); pj.destroy(); });

  it('takes plain text from a PeerJS connection and answers on it', async () => {
    const conn = pj.connect(kit.peerId, { label: 'p2p-chat', serialization: 'json', reliable: true });
    await new Promise<void>((resolve) => conn.once('open', () => resolve()));
    const got = nextEvent<P2PMessageEvent>(chat, 'p2p-message');
    await conn.send('hello from <i>peerjs</i>');
    const msg = (await got).message;
    expect(msg).to.include({ text: 'hello from <i>peerjs</i>', from: pj.id, direction: 'in' });
    await chat.updateComplete;
    expect(chat.shadowRoot!.querySelector('[part=log] i')).to.equal(null);

    const reply = nextData(conn);
    const sent = await chat.send('hi PeerJS');
    expect(await reply).to.deep.include({ p2pchat: 1, type: 'msg', id: sent.id, text: 'hi PeerJS' });
    expect(chat.messages.find((m) => m.id === sent.id)!.status).to.equal('sent');
  });

  it('opens a json connection labelled p2p-chat to a PeerJS peer', async () => {
    const incoming = new Promise<PeerJsConn>((resolve) => pj.once('connection', resolve));
    const sending = chat.send('knock knock');
    const conn = await incoming;
    expect([conn.label, conn.serialization, conn.reliable]).to.deep.equal(['p2p-chat', 'json', true]);
    expect(await nextData(conn)).to.deep.include({ type: 'msg', text: 'knock knock' });
    await sending;
  });
});
