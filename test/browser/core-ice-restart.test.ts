// Real Chromium, automatic ICE restart: two core Peers relay only through the test coturn, which the
// test freezes (SIGSTOP on the Node side: every relayed packet is really lost), so Chromium itself
// sees the ICE link go disconnected and then failed. A data connection whose coturn thaws within the
// grace recovers by itself (new ICE credentials, the same DataConnection carries data both ways); a
// call whose coturn stays frozen past the grace ends with closeReason 'failed'.
import { expect } from '@open-wc/testing';
import { Peer, type DataConnection, type MediaConnection, type PeerOptions } from '../../src/core/index.js';
import { ICE_RESTART_GRACE_MS } from '../../src/core/base-connection.js';
import { collect, next, openPeer, uid } from './core-helpers.js';

/** Relays only, whatever configuration the core gives it (the ICE servers come from the server's OPEN). */
class RelayOnlyPeerConnection extends RTCPeerConnection {
  constructor(config?: RTCConfiguration) { super({ ...config, iceTransportPolicy: 'relay' }); }
}

function turnServer(): NonNullable<Window['TEST_SERVERS'][string]> {
  const s = window.TEST_SERVERS.turn;
  if (!s?.turnControlUrl) throw new Error('no TURN test server: is coturn (turnserver) installed?');
  return s;
}

function relayOnly(): PeerOptions {
  const s = turnServer();
  return { host: s.host, port: s.port, path: s.path, key: s.key, secure: false, RTCPeerConnection: RelayOnlyPeerConnection };
}

/** Freezes coturn (it thaws by itself after `ms` at the latest) or thaws it now. */
async function coturn(action: 'pause' | 'resume', ms?: number): Promise<void> {
  const res = await fetch(`${turnServer().turnControlUrl!}/${action}${ms ? `?ms=${ms}` : ''}`, { method: 'POST' });
  expect(res.status).to.equal(204);
}

/** Resolves when the connection's ICE state (as Chromium reports it through `iceStateChanged`) becomes `state`. */
function iceState(conn: DataConnection | MediaConnection, state: RTCIceConnectionState, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    if (conn.peerConnection?.iceConnectionState === state) return resolve(performance.now());
    const t = setTimeout(() => { conn.off('iceStateChanged', on); reject(new Error(`timeout waiting for ICE ${state}`)); }, ms);
    const on = (s: RTCIceConnectionState): void => {
      if (s !== state) return;
      clearTimeout(t);
      conn.off('iceStateChanged', on);
      resolve(performance.now());
    };
    conn.on('iceStateChanged', on);
  });
}

/**
 * Resolves when `pc.connectionState` becomes `state` (what the core acts on: Chromium leaves the legacy
 * `iceConnectionState` at 'disconnected' when the transport fails, yet `connectionState` goes 'failed').
 */
function pcState(pc: RTCPeerConnection, state: RTCPeerConnectionState, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    if (pc.connectionState === state) return resolve(performance.now());
    const t = setTimeout(() => { pc.removeEventListener('connectionstatechange', on); reject(new Error(`timeout waiting for connectionState ${state}`)); }, ms);
    const on = (): void => {
      if (pc.connectionState !== state) return;
      clearTimeout(t);
      pc.removeEventListener('connectionstatechange', on);
      resolve(performance.now());
    };
    pc.addEventListener('connectionstatechange', on);
  });
}

/** Logs every ICE and connection state change of `pc` with its time since `t0`. */
function trace(pc: RTCPeerConnection, t0: number): string[] {
  const log: string[] = [];
  const at = (what: string): void => { log.push(`${what}@${Math.round(performance.now() - t0)}`); };
  pc.addEventListener('iceconnectionstatechange', () => at(`ice:${pc.iceConnectionState}`));
  pc.addEventListener('connectionstatechange', () => at(`pc:${pc.connectionState}`));
  pc.addEventListener('signalingstatechange', () => at(`sig:${pc.signalingState}`));
  return log;
}

const ufrag = (pc: RTCPeerConnection): string => /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1] ?? '';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/**
 * Longest freeze asked of coturn (it thaws by itself then). Chromium fails a dead relayed link about
 * 15 s after the loss and the core gives up 10 s later, so a call needs a little over 25 s.
 */
const PAUSE_MS = 27000;

describe('automatic ICE restart when the TURN relay really stops (coturn frozen)', () => {
  let a: Peer | undefined, b: Peer | undefined, cam: MediaStream | undefined;
  afterEach(async () => {
    await coturn('resume'); // other tests share this coturn
    a?.destroy(); b?.destroy(); cam?.getTracks().forEach((t) => t.stop());
  });

  it('a data connection fails, restarts ICE by itself once coturn is back, and the same connection carries data both ways', async function () {
    this.timeout(60000);
    [a, b] = await Promise.all([openPeer(uid('ira'), relayOnly()), openPeer(uid('irb'), relayOnly())]);
    const incoming = next(b, 'connection');
    const ca = a.connect(b.id!, { serialization: 'json' });
    const [cb] = await incoming;
    await Promise.all([next(ca, 'open'), cb.open ? [] : next(cb, 'open')]);
    expect(ca.remoteKit && cb.remoteKit).to.equal(true, 'both ends are p2p-kit peers (the restart is between p2p-kit peers only)');
    let got = collect(cb, 1);
    void ca.send({ n: 1 });
    expect(await got).to.deep.equal([{ n: 1 }]);
    got = collect(ca, 1);
    void cb.send({ n: 2 });
    expect(await got).to.deep.equal([{ n: 2 }]);

    const pcA = ca.peerConnection!, pcB = cb.peerConnection!;
    const before = [ufrag(pcA), ufrag(pcB)];
    let closes = 0, extra = 0;
    ca.on('close', () => closes++);
    cb.on('close', () => closes++);
    b.on('connection', () => extra++);
    a.on('connection', () => extra++);

    const t0 = performance.now();
    const logs = [trace(pcA, t0), trace(pcB, t0)];
    const iceSeen: RTCIceConnectionState[] = [];
    ca.on('iceStateChanged', (s) => iceSeen.push(s));
    const disconnected = iceState(ca, 'disconnected', PAUSE_MS);
    const failed = pcState(pcA, 'failed', PAUSE_MS);
    const failedB = pcState(pcB, 'failed', PAUSE_MS).catch(() => NaN);
    await coturn('pause', PAUSE_MS);
    let tResume = NaN;
    try {
      const tDisc = await disconnected;
      const tFail = await failed;
      console.log(`[data] pause → ICE disconnected ${Math.round(tDisc - t0)} ms, → connectionState failed ${Math.round(tFail - t0)} ms (caller)`);
      await sleep(2000); // the restart OFFER/ANSWER went through signalling; its gathering waits on the frozen relay
      tResume = performance.now();
      await coturn('resume');
      console.log(`[data] resumed coturn ${Math.round(tResume - tFail)} ms after failed`);
    } finally {
      if (Number.isNaN(tResume)) await coturn('resume');
    }
    const [tConnA, tConnB] = await Promise.all([pcState(pcA, 'connected', 20000), pcState(pcB, 'connected', 20000)]);
    if (pcA.iceConnectionState !== 'connected') await iceState(ca, 'connected', 5000).catch(() => 0);
    console.log(`[data] resume → connected again: caller ${Math.round(tConnA - tResume)} ms, callee ${Math.round(tConnB - tResume)} ms; callee failed at ${Math.round(await failedB - t0)} ms`);
    console.log(`[data] caller: ${logs[0]!.join(' ')}`);
    console.log(`[data] callee: ${logs[1]!.join(' ')}`);

    expect(iceSeen.slice(0, 1)).to.deep.equal(['disconnected'], 'Chromium itself saw the link go down');
    expect(iceSeen.at(-1)).to.be.oneOf(['connected', 'completed'], 'and its ICE came back');
    const after = [ufrag(pcA), ufrag(pcB)];
    expect(after[0]).to.not.equal(before[0], 'the caller restarted ICE (new local ufrag)');
    expect(after[1]).to.not.equal(before[1], 'the callee answered the ICE restart (new local ufrag)');
    // Past the grace the recovered connection must still be there: the give-up timer was cleared.
    await sleep(Math.max(0, tResume + ICE_RESTART_GRACE_MS + 1000 - performance.now()));
    expect(ca.peerConnection).to.equal(pcA);
    expect(cb.peerConnection).to.equal(pcB);
    expect([pcA.connectionState, pcB.connectionState]).to.deep.equal(['connected', 'connected']);
    expect([ca.open, cb.open, closes, extra]).to.deep.equal([true, true, 0, 0], 'the same DataConnections, still open, none new');
    got = collect(cb, 2);
    void ca.send({ n: 3 });
    void ca.send({ n: 4 });
    expect(await got).to.deep.equal([{ n: 3 }, { n: 4 }]);
    got = collect(ca, 1);
    void cb.send({ n: 5 });
    expect(await got).to.deep.equal([{ n: 5 }]);
  });

  it('a call whose relay stays down past the grace ends with closeReason failed', async function () {
    this.timeout(60000);
    cam = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    [a, b] = await Promise.all([openPeer(uid('irc'), relayOnly()), openPeer(uid('ird'), relayOnly())]);
    const incoming = next(b, 'call');
    const ca = a.call(b.id!, cam);
    const [cb] = await incoming;
    cb.answer(cam);
    await Promise.all([next(ca, 'stream'), next(cb, 'stream')]);
    if (ca.peerConnection!.connectionState !== 'connected') await iceState(ca, 'connected', 15000);
    expect(ca.remoteKit && cb.remoteKit).to.equal(true);

    const t0 = performance.now();
    const sawFailed = [false, false];
    const pcs = [ca.peerConnection!, cb.peerConnection!];
    pcs.forEach((pc, i) => pc.addEventListener('connectionstatechange', () => { if (pc.connectionState === 'failed') sawFailed[i] = true; }));
    const disconnected = iceState(ca, 'disconnected', PAUSE_MS);
    const closed = [ca, cb].map((c) => next(c, 'close', PAUSE_MS).then(() => performance.now()));
    const failed = Promise.race(pcs.map((pc) => pcState(pc, 'failed', PAUSE_MS)));
    await coturn('pause', PAUSE_MS);
    try {
      const tDisc = await disconnected;
      const tFail = await failed;
      const [tCloseA, tCloseB] = await Promise.all(closed);
      console.log(`[call] pause → ICE disconnected ${Math.round(tDisc - t0)} ms, → first connectionState failed ${Math.round(tFail - t0)} ms, → closed: caller ${Math.round(tCloseA! - t0)} ms (${ca.closeReason}), callee ${Math.round(tCloseB! - t0)} ms (${cb.closeReason})`);
    } finally {
      await coturn('resume');
      console.log(`[call] coturn paused for ${Math.round(performance.now() - t0)} ms`);
    }
    expect(sawFailed.some(Boolean)).to.equal(true);
    sawFailed.forEach((saw, i) => { if (saw) expect([ca, cb][i]!.closeReason).to.equal('failed', `${i ? 'callee' : 'caller'} saw ICE fail`); });
    for (const c of [ca, cb]) expect(['failed', 'remote-hangup']).to.include(c.closeReason);
    expect([ca.open, cb.open]).to.deep.equal([false, false]);
  });
});
