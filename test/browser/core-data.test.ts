// Real Chromium, two Peers in one page on a real signalling server: data connections end to end.
import { expect } from '@open-wc/testing';
import { Peer, type DataConnection, type ProgressInfo } from '../../src/core/index.js';
import { collect, next, openPeer, serverNames, serverOptions, sha256, uid } from './core-helpers.js';

for (const server of serverNames()) {
  describe(`core data connections (${server} server)`, () => {
    let a: Peer, b: Peer;
    beforeEach(async () => {
      [a, b] = await Promise.all([openPeer(uid('a'), serverOptions(server)), openPeer(uid('b'), serverOptions(server))]);
    });
    afterEach(() => { a?.destroy(); b?.destroy(); });

    async function link(opts: Parameters<Peer['connect']>[1] = {}): Promise<[DataConnection, DataConnection]> {
      const incoming = next(b, 'connection');
      const ca = a.connect(b.id!, opts);
      const [cb] = await incoming;
      await Promise.all([next(ca, 'open'), cb.open ? [] : next(cb, 'open')]);
      return [ca, cb];
    }

    it('sends every value type with the default (MsgPack) serialization', async () => {
      const [ca, cb] = await link({ metadata: { hello: 'meta' }, label: 'chat' });
      expect(ca.serialization).to.equal('MsgPack');
      expect(cb.serialization).to.equal('MsgPack');
      expect(cb.label).to.equal('chat');
      expect(cb.metadata).to.deep.equal({ hello: 'meta' });
      expect(cb.remoteKit).to.equal(true);
      expect(ca.remoteKit).to.equal(true);
      const got = collect(cb, 7);
      const date = new Date(1700000000123);
      await ca.send('hé 🙂');
      await ca.send(42.5);
      await ca.send({ a: [1, { b: null, c: true }], s: 'x' });
      await ca.send(date);
      await ca.send(new Uint8Array([1, 2, 3]));
      await ca.send(new Uint16Array([258]).buffer);
      await ca.send(new Blob([new Uint8Array([9, 8, 7])]));
      const [s, n, o, d, u8, ab, blob] = await got;
      expect(s).to.equal('hé 🙂');
      expect(n).to.equal(42.5);
      expect(o).to.deep.equal({ a: [1, { b: null, c: true }], s: 'x' });
      expect(d).to.be.instanceOf(Date);
      expect((d as Date).getTime()).to.equal(date.getTime());
      expect(u8).to.be.instanceOf(Uint8Array);
      expect([...(u8 as Uint8Array)]).to.deep.equal([1, 2, 3]);
      expect([...(ab as Uint8Array)]).to.deep.equal([2, 1]);
      expect([...(blob as Uint8Array)]).to.deep.equal([9, 8, 7]);
    });

    it('is ordered and reliable by default; reliable: false gives an unordered channel; type is data', async () => {
      const [ca, cb] = await link();
      for (const c of [ca, cb]) {
        expect(c.type).to.equal('data');
        expect(c.reliable).to.equal(true);
        expect(c.dataChannel!.ordered).to.equal(true);
        expect(c.dataChannel!.maxRetransmits).to.equal(null); // fully reliable, like PeerJS
      }
      const [ua, ub] = await link({ reliable: false, serialization: 'binary' });
      for (const c of [ua, ub]) {
        expect(c.reliable).to.equal(false);
        expect(c.dataChannel!.ordered).to.equal(false);
        expect(c.dataChannel!.maxRetransmits).to.equal(null);
      }
      const got = collect(ub, 1);
      await ua.send('unordered');
      expect(await got).to.deep.equal(['unordered']);
    });

    it('streams 64 MiB with progress on both sides and an identical checksum', async function () {
      this.timeout(120000);
      const [ca, cb] = await link();
      const big = new Uint8Array(64 * 1024 * 1024);
      for (let i = 0; i < big.length; i += 4096) big[i] = (i / 4096) & 0xff;
      crypto.getRandomValues(big.subarray(0, 65536));
      const want = await sha256(big);
      const sent: ProgressInfo[] = [], received: ProgressInfo[] = [];
      ca.on('progress', (p) => sent.push(p));
      cb.on('progress', (p) => received.push(p));
      const got = collect(cb, 1, 110000);
      const t0 = performance.now();
      await ca.send(big);
      const [data] = await got;
      const ms = performance.now() - t0;
      console.log(`64 MiB MsgPack transfer: ${ms.toFixed(0)} ms (${(64 / (ms / 1000)).toFixed(1)} MiB/s)`);
      expect((data as Uint8Array).byteLength).to.equal(big.byteLength);
      expect(await sha256(data as Uint8Array)).to.equal(want);
      expect(sent.at(-1)!.bytes).to.equal(sent.at(-1)!.total);
      expect(received.at(-1)).to.deep.equal({ direction: 'receive', bytes: big.length, total: big.length });
    });

    for (const serialization of ['MsgPack', 'binary'] as const) {
      it(`streams a 5 MiB Blob with ${serialization} (read in slices) with progress on both sides`, async () => {
        const [ca, cb] = await link({ serialization });
        const parts = Array.from({ length: 5 }, (_, i) => new Uint8Array(1 << 20).fill(i + 1));
        const blob = new Blob(parts);
        let sentProgress = 0, receivedProgress = 0;
        ca.on('progress', (p) => { sentProgress = p.bytes; });
        cb.on('progress', (p) => { receivedProgress = p.bytes; });
        const got = collect(cb, 1);
        await ca.send(blob);
        const [data] = await got;
        expect(await sha256(data as ArrayBuffer)).to.equal(await sha256(blob));
        expect(data).to.be.instanceOf(serialization === 'MsgPack' ? Uint8Array : ArrayBuffer);
        expect(sentProgress).to.be.greaterThanOrEqual(blob.size);
        expect(receivedProgress).to.be.greaterThanOrEqual(blob.size);
      });
    }

    it('refuses a message over maxMessageSize and stays usable', async () => {
      const [ca, cb] = await link();
      cb.maxMessageSize = 100_000;
      const err = next(cb, 'error');
      const got = collect(cb, 1);
      await ca.send(new Uint8Array(500_000));
      await ca.send('still here');
      const [e] = await err;
      expect(e.type).to.equal('message-refused');
      expect(await got).to.deep.equal(['still here']);
    });

    for (const serialization of ['binary', 'json', 'raw'] as const) {
      it(`sends with ${serialization} serialization`, async () => {
        const [ca, cb] = await link({ serialization });
        expect(cb.serialization).to.equal(serialization);
        const got = collect(cb, 2);
        if (serialization === 'raw') {
          await ca.send('text');
          await ca.send(new Uint8Array([5, 6]));
          const [t, bin] = await got;
          expect(t).to.equal('text');
          expect([...new Uint8Array(bin as ArrayBuffer)]).to.deep.equal([5, 6]);
        } else {
          await ca.send({ k: ['v', 1] });
          await ca.send(serialization === 'binary' ? new Uint8Array(100_000).fill(3) : 'plain');
          const [obj, second] = await got;
          expect(obj).to.deep.equal({ k: ['v', 1] });
          if (serialization === 'binary') {
            expect(second).to.be.instanceOf(ArrayBuffer);
            expect((second as ArrayBuffer).byteLength).to.equal(100_000);
          } else expect(second).to.equal('plain');
        }
      });
    }

    it('restarts ICE between p2p-kit peers and keeps the data flowing', async () => {
      const [ca, cb] = await link();
      const ufrag = (pc: RTCPeerConnection | undefined) => /a=ice-ufrag:(\S+)/.exec(pc?.currentLocalDescription?.sdp ?? '')?.[1];
      const before = [ufrag(ca.peerConnection), ufrag(cb.peerConnection)];
      const renegotiated = new Promise<void>((resolve) => {
        const pc = ca.peerConnection!;
        const check = () => { if (pc.signalingState === 'stable' && ufrag(pc) !== before[0]) resolve(); };
        pc.addEventListener('signalingstatechange', check);
      });
      ca.restartIce();
      await renegotiated;
      expect(ufrag(ca.peerConnection)).to.not.equal(before[0]);
      expect(ufrag(cb.peerConnection)).to.not.equal(before[1]);
      const got = collect(cb, 1);
      await ca.send('after restart');
      expect(await got).to.deep.equal(['after restart']);
    });

    it('close({ flush: true }) delivers queued messages, then closes the remote via the in-band close message', async () => {
      const [ca, cb] = await link();
      const got = collect(cb, 3);
      const closed = next(cb, 'close', 5000);
      void ca.send('one');
      void ca.send(new Uint8Array(600_000));
      void ca.send('three');
      expect(ca.bufferSize).to.be.greaterThan(0);
      ca.close({ flush: true });
      const [one, big, three] = await got;
      await closed;
      expect([one, (big as Uint8Array).byteLength, three]).to.deep.equal(['one', 600_000, 'three']);
    });

    it('detects close on both sides', async () => {
      const [ca, cb] = await link();
      const closedB = next(cb, 'close', 5000);
      const t0 = performance.now();
      ca.close();
      await closedB;
      console.log(`remote data close seen after ${(performance.now() - t0).toFixed(0)} ms`);
      expect(cb.open).to.equal(false);
      const [ca2, cb2] = await link();
      const closedA = next(ca2, 'close', 5000);
      cb2.close();
      await closedA;
      expect(ca2.open).to.equal(false);
      expect(a.connections[b.id!] ?? []).to.have.length(0);
    });

    it('sees close when the remote Peer is destroyed (speed logged, not asserted)', async () => {
      const [ca] = await link();
      const closed = next(ca, 'close', 8000);
      const t0 = performance.now();
      b.destroy();
      await closed;
      console.log(`${server}: data close seen ${(performance.now() - t0).toFixed(0)} ms after the remote Peer was destroyed`);
      expect(ca.open).to.equal(false);
      expect(a.connections[b.id!] ?? []).to.have.length(0);
    });
  });
}
