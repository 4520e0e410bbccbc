// The in-page loopback network: two Peers in one page with no server (what stories use).
import { expect } from '@open-wc/testing';
import { Peer, createLoopbackNetwork, type LoopbackNetwork } from '../../src/core/index.js';
import { collect, next } from './core-helpers.js';

describe('core loopback network', () => {
  let net: LoopbackNetwork;
  const peers: Peer[] = [];
  const make = (id?: string, extra = {}): Peer => {
    const p = id ? new Peer(id, { transport: net.transport(), ...extra }) : new Peer({ transport: net.transport(), ...extra });
    peers.push(p);
    return p;
  };
  beforeEach(() => { net = createLoopbackNetwork({ expireTimeout: 300 }); });
  afterEach(() => { peers.splice(0).forEach((p) => p.destroy()); net.close(); });

  it('connects two Peers and exchanges data with no server', async () => {
    const a = make('alice'), b = make('bob');
    await Promise.all([next(a, 'open'), next(b, 'open')]);
    expect(a.serverInfo?.server).to.equal('p2p-kit');
    expect(net.peers().sort()).to.deep.equal(['alice', 'bob']);
    const incoming = next(b, 'connection');
    const conn = a.connect('bob');
    const [cb] = await incoming;
    await next(conn, 'open');
    const got = collect(cb, 1);
    await conn.send({ hi: 'there' });
    expect(await got).to.deep.equal([{ hi: 'there' }]);
  });

  it('assigns ids, queues signalling made before open, and expires offers to absent peers', async () => {
    // Hold the id request until the OFFER exists, so it is sent before the socket is even started.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const base = net.transport();
    const a = make(undefined, { config: { iceServers: [] }, transport: { ...base, newId: async () => { await gate; return base.newId(); } } });
    const b = make('bob2');
    const incoming = next(b, 'connection');
    const conn = a.connect('bob2');
    for (let i = 0; i < 100 && !conn.peerConnection; i++) await Promise.resolve();
    const pc = conn.peerConnection!;
    if (pc.signalingState !== 'have-local-offer') await new Promise((r) => pc.addEventListener('signalingstatechange', r, { once: true }));
    expect(pc.signalingState).to.equal('have-local-offer');
    expect(a.id).to.equal(null);
    release();
    await next(conn, 'open');
    expect(a.id).to.match(/^loop/);
    expect((await incoming)[0].peer).to.equal(a.id);
    a.connect('ghost');
    const [err] = await next(a, 'error');
    expect(err.type).to.equal('peer-unavailable');
  });

  it('refuses a taken id, pushes presence, and reconnects after a drop', async () => {
    const a = make('one');
    await next(a, 'open');
    const dup = make('one', { token: 'other' });
    expect((await next(dup, 'error'))[0].type).to.equal('unavailable-id');
    const b = make('two');
    await next(b, 'open');
    a.setPresence({ subscribe: true });
    const listed = new Promise<void>((resolve) => a.on('presence', (list) => { if (list.length) resolve(); }));
    b.setPresence({ discoverable: true, metadata: { name: 'Two' } });
    await listed;
    expect(a.presence).to.deep.equal([{ id: 'two', metadata: { name: 'Two' } }]);
    const states: string[] = [];
    b.on('state', (s) => states.push(s));
    const back = next(b, 'open');
    net.drop('two');
    await back;
    expect(states).to.deep.equal(['reconnecting', 'open']);
  });

  it('refuses new connections while disconnected, like PeerJS, and accepts them after reconnect()', async () => {
    const a = make('dis1'), b = make('dis2');
    await Promise.all([next(a, 'open'), next(b, 'open')]);
    a.disconnect();
    const err = next(a, 'error');
    const refused = a.connect('dis2');
    const closed = next(refused, 'close');
    expect((await err)[0].type).to.equal('disconnected');
    await closed;
    const back = next(a, 'open');
    a.reconnect();
    await back;
    const conn = a.connect('dis2');
    await next(conn, 'open');
    expect(conn.open).to.equal(true);
  });

  it('re-registers the same id right after destroy() (the token is kept in sessionStorage)', async () => {
    // A half-open socket: the relay never hears that the first Peer's socket closed.
    const base = net.transport();
    const halfOpen = { ...base, connect: (id: string, token: string) => Object.assign(base.connect(id, token), { close() {} }) };
    const first = make('again', { transport: halfOpen });
    await next(first, 'open');
    first.destroy();
    const second = make('again');
    const [id] = await next(second, 'open');
    expect(id).to.equal('again');
  });

  it('uses the iceServers the server announces when no config is given', async () => {
    // A dead TURN server on a port Firefox allows (it refuses ICE URLs on ports it blocks, such as 9).
    const iceServers = [{ urls: 'turn:127.0.0.1:3478', username: 'u', credential: 'c' }];
    net = createLoopbackNetwork({ iceServers });
    const a = make('ice1'), b = make('ice2'), c = make('ice3', { config: { iceServers: [] } });
    await Promise.all([next(a, 'open'), next(b, 'open'), next(c, 'open')]);
    const conn = a.connect('ice2');
    const conn2 = c.connect('ice2');
    await Promise.all([next(conn, 'open'), next(conn2, 'open')]);
    expect(conn.peerConnection!.getConfiguration().iceServers?.[0]?.urls).to.deep.equal(['turn:127.0.0.1:3478']);
    expect(conn2.peerConnection!.getConfiguration().iceServers).to.deep.equal([]);
  });
});
