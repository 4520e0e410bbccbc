// TURN through a real coturn on loopback: our server mints credentials (coturn REST-API scheme),
// two core Peers forced to `iceTransportPolicy: 'relay'` carry data and a call over it, and bad
// credentials fail visibly (icecandidateerror 401, no relay candidate; a connection error naming
// ICE and TURN). Credentials that expire are refreshed by the core before new connections need them.
import { expect } from '@open-wc/testing';
import { Peer, type MediaConnection, type PeerOptions } from '../../src/core/index.js';
import { collect, next, openPeer, uid } from './core-helpers.js';

type Ice = { urls: string | string[]; username?: string; credential?: string };

function turnInfo(): NonNullable<Window['TEST_SERVERS'][string]> {
  const s = window.TEST_SERVERS.turn;
  if (!s?.turnUrl) throw new Error('no TURN test server: is coturn (turnserver) installed?');
  return s;
}

/**
 * A Peer that relays only through TURN. Its `config` object is filled from the server's OPEN before
 * any connection exists (the core reads `config` when it creates each RTCPeerConnection).
 */
async function relayPeer(token = uid('tok')): Promise<Peer> {
  const s = turnInfo();
  const config: RTCConfiguration = { iceServers: [], iceTransportPolicy: 'relay' };
  const opts: PeerOptions = { host: s.host, port: s.port, path: s.path, key: s.key, secure: false, config, token };
  const p = new Peer(uid('relay'), opts);
  await next(p, 'open');
  const ice = p.serverInfo?.iceServers ?? [];
  expect(ice.some((i) => i.username?.endsWith(`:${p.id}`))).to.equal(true, 'OPEN carries a credential for our id');
  config.iceServers = ice;
  return p;
}

/** Local and remote candidate types of the selected (nominated, succeeded) pair. */
async function selectedPair(pc: RTCPeerConnection): Promise<{ local: string; remote: string }> {
  for (let i = 0; i < 100; i++) {
    const stats = await pc.getStats();
    let pairId: string | undefined;
    stats.forEach((r: { type: string; selectedCandidatePairId?: string }) => { if (r.type === 'transport' && r.selectedCandidatePairId) pairId = r.selectedCandidatePairId; });
    const pair = pairId ? stats.get(pairId) as { localCandidateId: string; remoteCandidateId: string } : undefined;
    if (pair) return { local: stats.get(pair.localCandidateId).candidateType, remote: stats.get(pair.remoteCandidateId).candidateType };
    await new Promise((r) => setTimeout(r, 50)); // stats are polled: there is no event for "pair selected"
  }
  throw new Error('no selected candidate pair');
}

/** Gathers with `servers` forced to relay; reports relay candidates and icecandidateerror codes. */
async function gather(servers: Ice[]): Promise<{ relays: number; errors: number[] }> {
  const pc = new RTCPeerConnection({ iceServers: servers, iceTransportPolicy: 'relay' });
  const out = { relays: 0, errors: [] as number[] };
  pc.addEventListener('icecandidate', (e) => { if (e.candidate?.type === 'relay') out.relays++; });
  pc.addEventListener('icecandidateerror', (e) => out.errors.push((e as RTCPeerConnectionIceErrorEvent).errorCode));
  const done = new Promise<void>((resolve) => pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') resolve(); }));
  pc.createDataChannel('probe');
  await pc.setLocalDescription(await pc.createOffer());
  await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error('gathering did not complete')), 15000))]);
  pc.close();
  return out;
}

async function hmacSha1Base64(secret: string, text: string): Promise<string> {
  const k = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', k, new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...sig));
}

describe('TURN relay through coturn with minted credentials', () => {
  let a: Peer | undefined, b: Peer | undefined, cam: MediaStream | undefined;
  afterEach(() => { a?.destroy(); b?.destroy(); cam?.getTracks().forEach((t) => t.stop()); });

  it('carries data over a relay-only connection', async () => {
    [a, b] = await Promise.all([relayPeer(), relayPeer()]);
    const incoming = next(b, 'connection');
    const ca = a.connect(b.id!, { serialization: 'json' });
    const [cb] = await incoming;
    await Promise.all([next(ca, 'open'), next(cb, 'open')]);
    const got = collect(cb, 3);
    for (const n of [1, 2, 3]) ca.send({ n });
    expect(await got).to.deep.equal([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const pair = await selectedPair(ca.peerConnection!);
    expect(pair.local).to.equal('relay');
  });

  it('makes a call over relay', async () => {
    cam = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    [a, b] = await Promise.all([relayPeer(), relayPeer()]);
    const incoming = next(b, 'call');
    const ca: MediaConnection = a.call(b.id!, cam);
    const [cb] = await incoming;
    cb.answer(cam);
    const [stream] = await next(ca, 'stream');
    expect(stream.getVideoTracks()).to.have.length(1);
    const pair = await selectedPair(ca.peerConnection!);
    expect(pair.local).to.equal('relay');
    expect(pair.remote).to.equal('relay');
  });

  it('a core Peer without config uses the credentials from OPEN', async () => {
    const s = turnInfo();
    const opts: PeerOptions = { host: s.host, port: s.port, path: s.path, key: s.key, secure: false };
    a = new Peer(uid('plain'), opts);
    b = new Peer(uid('plain'), opts);
    await Promise.all([next(a, 'open'), next(b, 'open')]);
    const incoming = next(b, 'connection');
    const ca = a.connect(b.id!);
    const [cb] = await incoming;
    await Promise.all([next(ca, 'open'), next(cb, 'open')]);
    const used = ca.peerConnection!.getConfiguration().iceServers ?? [];
    expect(used.map((i) => i.username)).to.include(a.serverInfo!.iceServers!.find((i) => i.username)!.username);
    expect(used.flatMap((i) => [i.urls].flat())).to.include(s.turnUrl);
  });

  it('the /ice endpoint hands the same kind of credential to the registered id only', async () => {
    const s = turnInfo();
    const token = uid('tok');
    a = await relayPeer(token);
    const base = `http://${s.host}:${s.port}${s.path}${s.key}/ice`;
    expect((await fetch(`${base}?id=${a.id}&token=wrong-token`)).status).to.equal(403);
    const ok = await fetch(`${base}?id=${a.id}&token=${token}`);
    expect(ok.status).to.equal(200);
    const { iceServers } = await ok.json() as { iceServers: Ice[] };
    expect(iceServers[0]!.username).to.match(new RegExp(`^\\d+:${a.id}$`));
    expect((await gather(iceServers)).relays).to.be.greaterThan(0);
  });

  it('valid minted credentials gather a relay candidate; wrong or expired ones fail with 401', async () => {
    const s = turnInfo();
    const now = Math.floor(Date.now() / 1000);
    const good = `${now + 600}:probe`, expired = `${now - 60}:probe`;
    const ok = await gather([{ urls: s.turnUrl!, username: good, credential: await hmacSha1Base64(s.turnSecret!, good) }]);
    expect(ok.relays).to.be.greaterThan(0);
    const wrong = await gather([{ urls: s.turnUrl!, username: good, credential: 'not-the-hmac' }]);
    expect(wrong.relays).to.equal(0);
    expect(wrong.errors).to.include(401);
    const old = await gather([{ urls: s.turnUrl!, username: expired, credential: await hmacSha1Base64(s.turnSecret!, expired) }]);
    expect(old.relays).to.equal(0);
    expect(old.errors).to.include(401);
  });
});

/** Relays only, whatever configuration the core gives it: so a Peer without `config` still must use TURN. */
class RelayOnlyPeerConnection extends RTCPeerConnection {
  constructor(config?: RTCConfiguration) { super({ ...config, iceTransportPolicy: 'relay' }); }
}

/** Options for a config-less Peer (ICE servers from the server) on the named TURN test server, relaying only. */
function relayOnly(name: string): PeerOptions {
  const s = window.TEST_SERVERS[name];
  if (!s?.turnUrl) throw new Error(`no ${name} test server: is coturn (turnserver) installed?`);
  return { host: s.host, port: s.port, path: s.path, key: s.key, secure: false, RTCPeerConnection: RelayOnlyPeerConnection };
}

/** The REST-API TURN username (`<unix expiry>:<id>`) in a list of ICE servers. */
const turnUser = (ice: Ice[] | undefined): string => ice?.find((i) => /^\d+:/.test(i.username ?? ''))?.username ?? '';
const expiryMs = (username: string): number => Number(username.split(':')[0]) * 1000;

describe('TURN credentials over time', () => {
  let a: Peer | undefined, b: Peer | undefined;
  afterEach(() => { a?.destroy(); b?.destroy(); });

  it('refreshes an expiring credential: a connection made after the first one expired still relays', async () => {
    const opts = relayOnly('turnShort');
    [a, b] = await Promise.all([openPeer(uid('short'), opts), openPeer(uid('short'), opts)]);
    const first = turnUser(a.serverInfo?.iceServers);
    expect(first).to.match(new RegExp(`^\\d+:${a.id}$`));
    // coturn refuses a credential once its expiry second has passed: wait until then (there is no event for it).
    const expired = Math.max(expiryMs(first), expiryMs(turnUser(b.serverInfo?.iceServers))) + 1000;
    await new Promise((r) => setTimeout(r, expired - Date.now()));
    const incoming = next(b, 'connection');
    const ca = a.connect(b.id!, { serialization: 'json' });
    const [cb] = await incoming;
    await Promise.all([next(ca, 'open'), next(cb, 'open')]);
    const got = collect(cb, 2);
    void ca.send({ n: 1 });
    void ca.send({ n: 2 });
    expect(await got).to.deep.equal([{ n: 1 }, { n: 2 }]);
    const used = turnUser(ca.peerConnection!.getConfiguration().iceServers as Ice[]);
    expect(used).to.not.equal(first);
    expect(expiryMs(used)).to.be.greaterThan(Date.now());
    expect(turnUser(a.serverInfo?.iceServers)).to.equal(used, 'serverInfo shows the refreshed list');
    const pair = await selectedPair(ca.peerConnection!);
    expect(pair.local).to.equal('relay');
    expect(pair.remote).to.equal('relay');
  });

  it('a credential coturn refuses fails the connection with a negotiation-failed error naming ICE and TURN', async () => {
    const opts = relayOnly('turnBad');
    [a, b] = await Promise.all([openPeer(uid('bad'), opts), openPeer(uid('bad'), opts)]);
    const ca = a.connect(b.id!);
    const [err] = await next(ca, 'error');
    expect(err.type).to.equal('negotiation-failed');
    expect(err.message).to.match(/ICE/).and.match(/TURN/).and.match(/401/);
    if (ca.open) await next(ca, 'close');
    expect(ca.open).to.equal(false);
  });
});
