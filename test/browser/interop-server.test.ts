/**
 * Interop: stock PeerJS 1.5.5 clients (the npm `peerjs` package, unmodified) use OUR signalling
 * server for registration, data connections both ways in every serialization, and a media call
 * with fake devices.
 */
import { expect } from '@open-wc/testing';
import { Peer, type DataConnection, type MediaConnection } from 'peerjs';
import { MsgPack } from 'peerjs/dist/serializer.msgpack.mjs';

const peers: Peer[] = [];
const streams: MediaStream[] = [];

/** A stock Peer on our server; resolves on `open` (rejects on the first error). */
function stockPeer(id?: string): Promise<Peer> {
  const { host, port, path, key } = window.TEST_SERVERS.kit;
  const options = { host, port, path, key, secure: false, debug: 0 as const, config: { iceServers: [] }, serializers: { MsgPack } };
  const peer = id ? new Peer(id, options) : new Peer(options);
  peers.push(peer);
  return new Promise((resolve, reject) => {
    peer.once('open', () => resolve(peer));
    peer.once('error', reject);
  });
}

/** Resolves with the first argument of the next `name` event (PeerJS's typed emitters vary per class). */
function event<T>(target: object, name: string): Promise<T> {
  const emitter = target as { once(name: string, fn: (v: T) => void): unknown };
  return new Promise((resolve) => emitter.once(name, resolve));
}

afterEach(() => {
  for (const p of peers.splice(0)) p.destroy();
  for (const s of streams.splice(0)) s.getTracks().forEach((t) => t.stop());
});

describe('interop: stock peerjs@1.5.5 on the p2p-kit server', () => {
  it('registers (server-made and chosen ids) and exchanges data both ways', async () => {
    const alice = await stockPeer();
    expect(alice.id).to.match(/^[0-9a-f-]{36}$/); // fetched from our {key}/id
    const bob = await stockPeer(`bob${Date.now()}`);

    const incoming = event<DataConnection>(bob, 'connection');
    const conn = alice.connect(bob.id, { metadata: { hello: 'bob' } });
    const remote = await incoming;
    expect(remote.peer).to.equal(alice.id);
    expect(remote.metadata).to.deep.equal({ hello: 'bob' });
    await Promise.all([event(conn, 'open'), event(remote, 'open')]);

    const atBob = event<unknown>(remote, 'data');
    await conn.send({ text: 'hi bob', n: [1, 2, 3] });
    expect(await atBob).to.deep.equal({ text: 'hi bob', n: [1, 2, 3] });
    const atAlice = event<unknown>(conn, 'data');
    await remote.send('hi alice');
    expect(await atAlice).to.equal('hi alice');

    // Discovery is on for the test server: the stock client's listAllPeers works against it.
    const ids = await new Promise<string[]>((resolve) => alice.listAllPeers(resolve));
    expect(ids).to.include.members([alice.id, bob.id]);
  });

  // What each serialization carries: PeerJS gives ArrayBuffer for raw, Uint8Array for MsgPack; json has no binary.
  const cases = {
    json: [{ text: 'hé', n: [1, 2.5, null], ok: true }, 'plain'],
    raw: ['just text', new Uint8Array([1, 2, 3, 250]).buffer],
    MsgPack: [{ text: 'hé', n: [1, 2.5, null], ok: true }, new Uint8Array([1, 2, 3, 250])],
  } as const;
  const norm = (v: unknown): unknown => (v instanceof ArrayBuffer ? [...new Uint8Array(v)] : ArrayBuffer.isView(v) ? [...new Uint8Array(v.buffer, v.byteOffset, v.byteLength)] : v);
  const collect = (c: DataConnection, n: number): Promise<unknown[]> => new Promise((resolve) => {
    const got: unknown[] = [];
    c.on('data', (d) => { got.push(d); if (got.length === n) resolve(got); });
  });

  for (const [serialization, values] of Object.entries(cases)) {
    it(`exchanges data both ways with serialization ${serialization}`, async () => {
      const [alice, bob] = await Promise.all([stockPeer(), stockPeer()]);
      const incoming = event<DataConnection>(bob, 'connection');
      const conn = alice.connect(bob.id, { serialization, reliable: true }); // ordered, so the order can be checked
      const remote = await incoming;
      expect(remote.serialization).to.equal(serialization);
      await Promise.all([event(conn, 'open'), remote.open ? null : event(remote, 'open')]);

      const atBob = collect(remote, values.length);
      for (const v of values) await conn.send(v);
      const gotBob = await atBob;
      const atAlice = collect(conn, values.length);
      for (const v of values) await remote.send(v);
      const gotAlice = await atAlice;
      for (const got of [gotBob, gotAlice]) {
        expect(got.map(norm)).to.deep.equal(values.map(norm));
        if (serialization === 'raw') expect(got[1]).to.be.instanceOf(ArrayBuffer);
        if (serialization === 'MsgPack') expect(got[1]).to.be.instanceOf(Uint8Array);
      }
    });
  }

  it('places a media call with fake devices; the caller gets a live remote video track', async () => {
    const [caller, callee] = await Promise.all([stockPeer(), stockPeer()]);
    const local = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    const answerWith = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
    streams.push(local, answerWith);

    const ringing = event<MediaConnection>(callee, 'call');
    const call = caller.call(callee.id, local);
    const incoming = await ringing;
    expect(incoming.peer).to.equal(caller.id);
    const calleeGot = event<MediaStream>(incoming, 'stream');
    incoming.answer(answerWith);

    const remote = await event<MediaStream>(call, 'stream');
    const [track] = remote.getVideoTracks();
    expect(track, 'remote video track').to.not.equal(undefined);
    expect(track!.readyState).to.equal('live');
    expect((await calleeGot).getVideoTracks()).to.have.length(1);
  });
});
