// Real Chromium: Peer lifecycle against real servers: ids, errors, EXPIRE, reconnect, presence.
import { expect } from '@open-wc/testing';
import { Peer, PeerError, util, type PeerState } from '../../src/core/index.js';
import { next, openPeer, serverNames, serverOptions, uid } from './core-helpers.js';

for (const server of serverNames()) {
  describe(`core Peer lifecycle (${server} server)`, () => {
    const peers: Peer[] = [];
    const track = (p: Peer): Peer => { peers.push(p); return p; };
    afterEach(() => { peers.splice(0).forEach((p) => p.destroy()); });

    it('gets an id from the server when none is given, with PeerJS and EventTarget listeners', async () => {
      const p = track(new Peer(serverOptions(server)));
      const states: PeerState[] = [];
      const ctl = new AbortController();
      const viaTarget = new Promise<string>((resolve) => p.addEventListener('open', (ev) => resolve(ev.detail), { signal: ctl.signal }));
      p.on('state', (s) => states.push(s));
      const [id] = await next(p, 'open');
      expect(id).to.match(/^[A-Za-z0-9-]+$/);
      expect(await viaTarget).to.equal(id);
      expect(p.id).to.equal(id);
      expect(p.open).to.equal(true);
      expect(states).to.deep.equal(['open']);
      expect(p.serverInfo?.server).to.equal(server === 'kit' ? 'p2p-kit' : undefined);
      ctl.abort();
    });

    it('reports invalid-id and unavailable-id', async () => {
      const bad = track(new Peer('not valid!', serverOptions(server)));
      const [e1] = await next(bad, 'error');
      expect(e1.type).to.equal('invalid-id');
      expect(bad.state).to.equal('failed');
      const id = uid('taken');
      track(await openPeer(id, serverOptions(server)));
      const dup = track(new Peer(id, serverOptions(server, { token: 'othertoken' })));
      const [e2] = await next(dup, 'error');
      expect(e2.type).to.equal('unavailable-id');
      expect(dup.destroyed).to.equal(true);
    });

    it('reports a wrong key as invalid-key and fails', async () => {
      const p = track(new Peer(uid('wk'), serverOptions(server, { key: 'not-the-key' })));
      const [err] = await next(p, 'error');
      expect(err).to.be.instanceOf(PeerError);
      expect(err.type).to.equal('invalid-key');
      expect(p.state).to.equal('failed');
      expect(p.open).to.equal(false);
    });

    it('turns EXPIRE into peer-unavailable and ends the pending connection', async function () {
      this.timeout(20000);
      const p = track(await openPeer(uid('lonely'), serverOptions(server)));
      const conn = p.connect(uid('nobody'));
      const closed = next(conn, 'close', 16000);
      const [err] = await next(p, 'error', 15000);
      expect(err.type).to.equal('peer-unavailable');
      expect(err.message).to.contain(conn.peer);
      await closed;
      expect(conn.open).to.equal(false);
    });

    it('reconnects with the same id after the socket drops and keeps data flowing', async () => {
      const sockets: WebSocket[] = [];
      class TrackedSocket extends WebSocket {
        constructor(url: string) { super(url); sockets.push(this); }
      }
      const a = track(await openPeer(uid('ra'), serverOptions(server, { WebSocket: TrackedSocket })));
      const b = track(await openPeer(uid('rb'), serverOptions(server)));
      const states: PeerState[] = [];
      a.on('state', (s) => states.push(s));
      const disconnected = next(a, 'disconnected');
      const reopened = next(a, 'open');
      sockets[0]!.close();
      expect((await disconnected)[0]).to.equal(a.id);
      expect((await reopened)[0]).to.equal(a.id);
      expect(states).to.deep.equal(['reconnecting', 'open']);
      expect(sockets).to.have.length(2);
      // signalling works again: a new data connection opens
      const incoming = next(b, 'connection');
      const conn = a.connect(b.id!);
      await next(conn, 'open');
      const [cb] = await incoming;
      const got = next(cb, 'data');
      await conn.send('after reconnect');
      expect((await got)[0]).to.equal('after reconnect');
    });

    it('disconnect() and reconnect() keep the id; destroy() closes', async () => {
      const p = track(await openPeer(uid('dr'), serverOptions(server)));
      const id = p.id;
      p.disconnect();
      expect(p.disconnected).to.equal(true);
      expect(p.state).to.equal('disconnected');
      const reopened = next(p, 'open');
      p.reconnect();
      expect((await reopened)[0]).to.equal(id);
      const closed = next(p, 'close');
      p.destroy();
      await closed;
      expect(p.destroyed).to.equal(true);
      expect(p.state).to.equal('closed');
    });

    it('destroy() sends a dst-less LEAVE before closing, so the id is free at once for another token', async () => {
      const frames: string[] = [];
      // A WebSocket that records what the Peer sends (the real one underneath).
      const Recording = class extends WebSocket {
        override send(data: string): void { frames.push(data); super.send(data); }
      };
      const id = uid('lv');
      const first = await openPeer(id, serverOptions(server, { WebSocket: Recording, token: `t1${id}` }));
      first.destroy();
      expect(frames.map((f) => JSON.parse(f) as unknown).at(-1)).to.deep.equal({ type: 'LEAVE' });
      const again = track(new Peer(id, serverOptions(server, { token: `t2${id}` })));
      const outcome = await new Promise<string>((resolve) => {
        again.once('open', () => resolve('open'));
        again.once('error', (e) => resolve(e.type));
      });
      expect(outcome).to.equal('open');
      expect(again.id).to.equal(id);
    });

    it('lists peers', async () => {
      const p = track(await openPeer(uid('lp'), serverOptions(server)));
      const ids = await p.listAllPeers();
      expect(ids).to.include(p.id);
    });
  });
}

describe('core util', () => {
  it('reports the browser and what it supports, like PeerJS', () => {
    expect(util.browser).to.equal(window.TEST_ENGINE === 'firefox' ? 'firefox' : 'chrome');
    const s = util.supports;
    expect({ audioVideo: s.audioVideo, data: s.data, binary: s.binary, binaryBlob: s.binaryBlob, reliable: s.reliable, webRTC: s.webRTC, browser: s.browser })
      .to.deep.equal({ audioVideo: true, data: true, binary: true, binaryBlob: true, reliable: true, webRTC: true, browser: true });
    expect(util.chunkedMTU).to.equal(16300);
    expect(util.randomToken()).to.match(/^[0-9a-z]+$/);
  });
});

describe('core presence (kit server)', () => {
  it('pushes the discoverable peers with metadata', async () => {
    const a = await openPeer(uid('pa'), serverOptions('kit'));
    const b = await openPeer(uid('pb'), serverOptions('kit'));
    try {
      a.setPresence({ subscribe: true });
      const seen = new Promise<void>((resolve) => a.on('presence', (list) => { if (list.some((x) => x.id === b.id && x.metadata?.name === 'Bea')) resolve(); }));
      b.setPresence({ discoverable: true, metadata: { name: 'Bea' } });
      await seen;
      expect(a.presence.find((x) => x.id === b.id)?.metadata).to.deep.equal({ name: 'Bea' });
      const gone = new Promise<void>((resolve) => a.on('presence', (list) => { if (!list.some((x) => x.id === b.id)) resolve(); }));
      b.destroy();
      await gone;
    } finally { a.destroy(); b.destroy(); }
  });
});
