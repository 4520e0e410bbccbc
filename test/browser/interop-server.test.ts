/**
 * Interop: stock PeerJS 1.5.5 clients (the npm `peerjs` package, unmodified) use OUR signalling
 * server for registration, a data connection both ways, and a media call with fake devices.
 */
import { expect } from '@open-wc/testing';
import { Peer, type DataConnection, type MediaConnection } from 'peerjs';

const peers: Peer[] = [];
const streams: MediaStream[] = [];

/** A stock Peer on our server; resolves on `open` (rejects on the first error). */
function stockPeer(id?: string): Promise<Peer> {
  const { host, port, path, key } = window.TEST_SERVERS.kit;
  const options = { host, port, path, key, secure: false, debug: 0 as const, config: { iceServers: [] } };
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
