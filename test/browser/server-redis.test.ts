// Two of our signalling nodes sharing one real redis-server, each its own `p2p-kit serve --redis`
// process (test/support/servers.ts): core Peers registered on different nodes find each other
// (presence), exchange data and make a call; ids are taken across nodes.
import { expect } from '@open-wc/testing';
import { Peer, type PeerOptions } from '../../src/core/index.js';
import { collect, next, openPeer, uid } from './core-helpers.js';

function on(node: 'node0' | 'node1'): PeerOptions {
  const s = window.TEST_SERVERS[node];
  if (!s) throw new Error('no multi-node test servers: is redis-server installed?');
  return { host: s.host, port: s.port, path: s.path, key: s.key, secure: false, config: { iceServers: [] } };
}

describe('core Peers on two signalling nodes (Redis)', () => {
  let a: Peer | undefined, b: Peer | undefined, cam: MediaStream | undefined;
  afterEach(() => { a?.destroy(); b?.destroy(); cam?.getTracks().forEach((t) => t.stop()); });

  it('connect and exchange data across nodes', async () => {
    [a, b] = await Promise.all([openPeer(uid('n0a'), on('node0')), openPeer(uid('n1b'), on('node1'))]);
    const incoming = next(b, 'connection');
    const ca = a.connect(b.id!, { serialization: 'json' });
    const [cb] = await incoming;
    await Promise.all([next(ca, 'open'), next(cb, 'open')]);
    const got = collect(ca, 2);
    cb.send({ hello: 'from node1' });
    cb.send({ n: 2 });
    expect(await got).to.deep.equal([{ hello: 'from node1' }, { n: 2 }]);
  });

  it('call across nodes', async () => {
    cam = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    [a, b] = await Promise.all([openPeer(uid('n0a'), on('node0')), openPeer(uid('n1b'), on('node1'))]);
    const incoming = next(b, 'call');
    const ca = a.call(b.id!, cam);
    const [cb] = await incoming;
    cb.answer(cam);
    const [stream] = await next(ca, 'stream');
    expect(stream.getVideoTracks()).to.have.length(1);
  });

  it('an id held on one node is unavailable on the other', async () => {
    const id = uid('held');
    a = await openPeer(id, on('node0'));
    b = new Peer(id, { ...on('node1'), reconnect: false });
    const [err] = await next(b, 'error');
    expect(err.type).to.equal('unavailable-id');
  });
});
