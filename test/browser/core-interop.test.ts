// Interop matrix in real Chromium: p2p-kit core ⇄ stock PeerJS 1.5.5, on the stock PeerServer and
// on ours, in every PeerJS serialization, data in both directions; calls both ways.
import { expect } from '@open-wc/testing';
import type { Peer as PeerJsPeer, DataConnection as PeerJsConn, MediaConnection as PeerJsCall } from 'peerjs';
import { MediaConnection, Peer, type DataConnection } from '../../src/core/index.js';
import { RTC, canvasTrack, collect, next, openPeer, serverNames, serverOptions, sha256, uid } from './core-helpers.js';

/** Stock PeerJS: the published browser build (its ESM build needs a CommonJS dependency). */
async function peerjs(): Promise<NonNullable<Window['peerjs']>> {
  if (!window.peerjs) {
    await new Promise((resolve, reject) => {
      const s = Object.assign(document.createElement('script'), { src: '/node_modules/peerjs/dist/peerjs.js', onload: resolve, onerror: reject });
      document.head.append(s);
    });
  }
  return window.peerjs!;
}

async function openStock(server: string): Promise<PeerJsPeer> {
  const { Peer: StockPeer } = await peerjs();
  const { MsgPack } = await import('peerjs/dist/serializer.msgpack.mjs');
  const s = window.TEST_SERVERS[server]!;
  const p = new StockPeer(uid('pj'), { host: s.host, port: s.port, path: s.path, key: s.key, secure: false, config: RTC, serializers: { MsgPack } });
  await new Promise<void>((resolve, reject) => { p.once('open', () => resolve()); p.once('error', reject); });
  return p;
}

const stockData = (c: PeerJsConn, n: number): Promise<unknown[]> => new Promise((resolve) => {
  const got: unknown[] = [];
  c.on('data', (d) => { got.push(d); if (got.length === n) resolve(got); });
});
const stockOpen = (c: PeerJsConn): Promise<void> => new Promise((resolve) => { if (c.open) resolve(); else c.once('open', () => resolve()); });

/** Resolves once `pc` is connected (hang-ups before that cannot be seen by the other side). */
async function connected(pc: RTCPeerConnection | undefined): Promise<void> {
  if (!pc) throw new Error('no RTCPeerConnection');
  for (let i = 0; i < 100 && pc.connectionState !== 'connected'; i++) {
    await new Promise((resolve) => pc.addEventListener('connectionstatechange', resolve, { once: true }));
  }
  expect(pc.connectionState).to.equal('connected');
}

/** Resolves once a call's hang-up channel is open. */
async function channelUp(call: MediaConnection): Promise<void> {
  if (call.dataChannel?.readyState !== 'open') await next(call, 'willCloseOnRemote', 10000);
}

const bytes = (n: number, seed: number): Uint8Array => new Uint8Array(n).map((_, i) => (i * seed + 1) & 0xff);
const asBytes = (v: unknown): Uint8Array => new Uint8Array(v as ArrayBuffer);

/** What each serialization carries in these tests (PeerJS caps json at 16300 bytes and raw at one message). */
const payloads = {
  MsgPack: { obj: { n: 1, s: 'é', list: [true, null, 2.5] }, size: 300_000 },
  binary: { obj: { n: 1, s: 'é', list: [true, null, 2.5] }, size: 100_000 },
  json: { obj: { n: 1, s: 'é', list: [true, null, 2.5] }, size: 0 },
  raw: { obj: 'just text', size: 60_000 },
} as const;

/** Sends the test payloads; returns how many messages were sent. */
async function sendAll(send: (v: unknown) => unknown, ser: keyof typeof payloads, seed: number): Promise<number> {
  const p = payloads[ser];
  await send(p.obj);
  if (p.size) await send(ser === 'MsgPack' ? bytes(p.size, seed) : bytes(p.size, seed).buffer);
  return p.size ? 2 : 1;
}

async function checkAll(got: unknown[], ser: keyof typeof payloads, seed: number): Promise<void> {
  const p = payloads[ser];
  const bin = got.find((v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v));
  const other = got.find((v) => v !== bin);
  expect(other).to.deep.equal(p.obj);
  if (p.size) expect(await sha256(asBytes(ArrayBuffer.isView(bin) ? (bin as Uint8Array).slice().buffer : bin))).to.equal(await sha256(bytes(p.size, seed)));
}

for (const server of serverNames()) {
  describe(`core ⇄ stock PeerJS 1.5.5 (${server} server)`, () => {
    let kit: Peer, stock: PeerJsPeer;
    beforeEach(async () => { [kit, stock] = await Promise.all([openPeer(uid('k'), serverOptions(server)), openStock(server)]); });
    afterEach(() => { kit?.destroy(); stock?.destroy(); });

    for (const ser of ['binary', 'json', 'raw', 'MsgPack'] as const) {
      it(`${ser}: p2p-kit connects, data flows both ways`, async () => {
        const incoming = new Promise<PeerJsConn>((resolve) => stock.once('connection', resolve));
        const conn = kit.connect(stock.id, { serialization: ser });
        const remote = await incoming;
        expect(remote.serialization).to.equal(ser);
        await Promise.all([next(conn, 'open'), stockOpen(remote)]);
        expect(conn.remoteKit).to.equal(false);
        expect(() => conn.restartIce()).to.throw(/PeerJS/);
        const toStock = stockData(remote, payloads[ser].size ? 2 : 1);
        await sendAll((v) => conn.send(v), ser, 3);
        await checkAll(await toStock, ser, 3);
        const toKit = collect(conn, payloads[ser].size ? 2 : 1);
        await sendAll((v) => remote.send(v), ser, 5);
        await checkAll(await toKit, ser, 5);
      });

      it(`${ser}: PeerJS connects, data flows both ways`, async () => {
        const incoming = next(kit, 'connection');
        const remote = stock.connect(kit.id!, { serialization: ser });
        const [conn] = await incoming;
        expect(conn.serialization).to.equal(ser);
        await Promise.all([conn.open ? null : next(conn, 'open'), stockOpen(remote)]);
        const toKit = collect(conn as DataConnection, payloads[ser].size ? 2 : 1);
        await sendAll((v) => remote.send(v), ser, 7);
        await checkAll(await toKit, ser, 7);
        const toStock = stockData(remote, payloads[ser].size ? 2 : 1);
        await sendAll((v) => conn.send(v), ser, 9);
        await checkAll(await toStock, ser, 9);
      });
    }

    it('calls: p2p-kit calls PeerJS, PeerJS calls p2p-kit; hang-ups are seen', async () => {
      const cam = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      try {
        const incoming = new Promise<PeerJsCall>((resolve) => stock.once('call', resolve));
        const call = kit.call(stock.id, cam);
        const remote = await incoming;
        const stockGotStream = new Promise<MediaStream>((resolve) => remote.once('stream', resolve));
        remote.answer(cam);
        const [s] = await next(call, 'stream');
        expect(s.getTracks().length).to.be.greaterThan(0);
        expect((await stockGotStream).getTracks().length).to.be.greaterThan(0);
        expect(call.remoteKit).to.equal(false);
        await connected(call.peerConnection);
        await channelUp(call);
        const stockClosed = new Promise<void>((resolve) => remote.once('close', () => resolve()));
        call.close();
        await stockClosed;

        const incoming2 = next(kit, 'call');
        const remote2 = stock.call(kit.id!, cam);
        const [call2] = await incoming2;
        call2.answer(cam);
        const [s2] = await next(call2, 'stream');
        expect(s2.getTracks().length).to.be.greaterThan(0);
        await connected(call2.peerConnection);
        await channelUp(call2); // the hang-up is seen through this channel, which opens after ICE
        const kitClosed = next(call2, 'close', 5000);
        remote2.close();
        await kitClosed;
        expect(call2.closeReason).to.equal('remote-hangup');
      } finally { cam.getTracks().forEach((t) => t.stop()); }
    });

    for (const kitCalls of [true, false]) {
      it(`${kitCalls ? 'p2p-kit calls PeerJS' : 'PeerJS calls p2p-kit'}: replaceTrack reaches PeerJS, addTrack rejects, PeerJS never gets a second OFFER`, async () => {
        const cam = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
        const canvas = canvasTrack();
        const offers: string[] = [];
        stock.socket.on('message', (m: { type: string; payload?: { connectionId?: string } }) => {
          if (m.type === 'OFFER') offers.push(m.payload?.connectionId ?? '');
        });
        try {
          let call: MediaConnection, remote: PeerJsCall;
          if (kitCalls) {
            const incoming = new Promise<PeerJsCall>((resolve) => stock.once('call', resolve));
            call = kit.call(stock.id, cam);
            remote = await incoming;
            remote.answer(cam);
          } else {
            const incoming = next(kit, 'call');
            remote = stock.call(kit.id!, cam);
            [call] = await incoming;
            call.answer(cam);
          }
          await next(call, 'stream');
          await connected(call.peerConnection);
          expect(call.remoteKit).to.equal(false);

          await call.replaceTrack('video', canvas);
          // PeerJS receives the canvas (64x48) instead of the fake camera (640x480): no renegotiation needed.
          let width = 0;
          for (let i = 0; i < 100 && width !== 64; i++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            const stats = await remote.peerConnection.getStats();
            stats.forEach((r: { type: string; kind?: string; frameWidth?: number }) => {
              if (r.type === 'inbound-rtp' && r.kind === 'video' && r.frameWidth) width = r.frameWidth;
            });
          }
          expect(width, 'frame width PeerJS decodes').to.equal(64);

          const extra = canvasTrack();
          let err: unknown;
          try { await call.addTrack(extra); } catch (e) { err = e; }
          extra.stop();
          expect((err as { type?: string })?.type).to.equal('webrtc');
          expect(String((err as Error)?.message)).to.match(/PeerJS.*replaceTrack/);
          await call.removeTrack(cam.getAudioTracks()[0]!); // for PeerJS peers: the sender goes silent, no OFFER

          // A data OFFER through the same server arrives after anything the call sent before it.
          const marker = new Promise<PeerJsConn>((resolve) => stock.once('connection', resolve));
          const dc = kit.connect(stock.id);
          await marker;
          dc.close();
          expect(offers.filter((id) => id === call.connectionId)).to.have.length(kitCalls ? 1 : 0);
          expect(call.open && remote.open).to.equal(true);
        } finally {
          canvas.stop();
          cam.getTracks().forEach((t) => t.stop());
        }
      });
    }

    /** A data connection and a call from p2p-kit to PeerJS, both up (hang-up channel open). */
    async function dataAndCall(cam: MediaStream): Promise<{ dc: DataConnection; call: MediaConnection; stockDc: PeerJsConn; stockCall: PeerJsCall }> {
      const remoteDc = new Promise<PeerJsConn>((resolve) => stock.once('connection', resolve));
      const dc = kit.connect(stock.id, { serialization: 'binary' });
      const stockDc = await remoteDc;
      await Promise.all([next(dc, 'open'), stockOpen(stockDc)]);
      const incoming = new Promise<PeerJsCall>((resolve) => stock.once('call', resolve));
      const call = kit.call(stock.id, cam);
      const stockCall = await incoming;
      stockCall.answer(cam);
      await next(call, 'stream');
      await connected(call.peerConnection);
      await channelUp(call);
      return { dc, call, stockDc, stockCall };
    }

    // One connection per case: PeerJS 1.5.5's destroy() closes only every other connection to a peer
    // (`_cleanupPeer` iterates the list that each `close()` splices), so with a data connection and a
    // call to us the call's RTCPeerConnection would stay up and there would be nothing to detect.
    for (const kind of ['data', 'call'] as const) {
      it(`sees ${kind} close when the PeerJS Peer is destroyed (speed logged, not asserted)`, async () => {
        const cam = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
        try {
          let conn: DataConnection | MediaConnection;
          if (kind === 'data') {
            const remote = new Promise<PeerJsConn>((resolve) => stock.once('connection', resolve));
            conn = kit.connect(stock.id, { serialization: 'binary' });
            await Promise.all([next(conn, 'open'), remote.then(stockOpen)]);
          } else {
            const incoming = new Promise<PeerJsCall>((resolve) => stock.once('call', resolve));
            const call = conn = kit.call(stock.id, cam);
            (await incoming).answer(cam);
            await next(call, 'stream');
            await connected(call.peerConnection);
            await channelUp(call);
          }
          const closed = next(conn, 'close', 8000);
          const t0 = performance.now();
          stock.destroy();
          await closed;
          console.log(`${server}: PeerJS peer destroyed: p2p-kit saw ${kind} close after ${(performance.now() - t0).toFixed(0)} ms`);
          if (conn instanceof MediaConnection) expect(conn.closeReason).to.equal('remote-hangup');
          expect(conn.open).to.equal(false);
        } finally { cam.getTracks().forEach((t) => t.stop()); }
      });
    }

    it('a PeerJS peer sees data and call close when the p2p-kit Peer is destroyed (speed logged, not asserted)', async () => {
      const cam = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
      try {
        const { stockDc, stockCall } = await dataAndCall(cam);
        const t0 = performance.now();
        const ms = (c: PeerJsConn | PeerJsCall) => new Promise<number>((resolve, reject) => {
          const t = setTimeout(() => reject(new Error('PeerJS saw no close within 8 s')), 8000);
          (c as PeerJsConn).once('close', () => { clearTimeout(t); resolve(performance.now() - t0); });
        });
        const closed = Promise.all([ms(stockDc), ms(stockCall)]);
        kit.destroy();
        const [dataMs, callMs] = await closed;
        console.log(`${server}: p2p-kit peer destroyed: PeerJS saw data close after ${dataMs.toFixed(0)} ms, call close after ${callMs.toFixed(0)} ms`);
      } finally { cam.getTracks().forEach((t) => t.stop()); }
    });

    it('a p2p-kit caller giving up on a ringing PeerJS callee sends it no LEAVE (its other connections stay)', async () => {
      const seen: string[] = [];
      stock.socket.on('message', (m: { type: string }) => seen.push(m.type));
      const remoteDc = new Promise<PeerJsConn>((resolve) => stock.once('connection', resolve));
      const dc = kit.connect(stock.id);
      const stockDc = await remoteDc;
      await Promise.all([next(dc, 'open'), stockOpen(stockDc)]);
      let rang = false;
      const incoming = new Promise<PeerJsCall>((resolve) => stock.once('call', resolve));
      const call = kit.call(stock.id);
      call.on('ringing', () => { rang = true; });
      const ringingCall = await incoming;
      call.close();
      // A second OFFER through the same server is relayed after anything the close sent.
      const incoming2 = new Promise<PeerJsCall>((resolve) => stock.once('call', resolve));
      const call2 = kit.call(stock.id);
      await incoming2;
      call2.close();
      expect(seen).to.not.include('LEAVE');
      expect(rang).to.equal(false);
      expect(call.remoteKit).to.equal(false);
      expect(ringingCall.open).to.equal(false);
      expect(stockDc.open).to.equal(true);
      const got = stockData(stockDc, 1);
      await dc.send('after cancel');
      expect(await got).to.deep.equal(['after cancel']);
    });
  });
}
