// Real Chromium with fake devices: calls between two Peers, hang-up detection, rejection,
// renegotiation and the verification code.
import { expect } from '@open-wc/testing';
import { Peer, verificationCode, type MediaConnection } from '../../src/core/index.js';
import { canvasTrack, next, openPeer, serverNames, serverOptions, uid } from './core-helpers.js';

/** Resolves when `stream` has a track of `kind` (checks now, then on addtrack). */
async function hasTrack(call: MediaConnection, kind: string, count = 1): Promise<MediaStream> {
  for (let i = 0; i < 50; i++) {
    const s = call.remoteStream;
    if (s && s.getTracks().filter((t) => t.kind === kind).length >= count) return s;
    await next(call, 'stream', 10000);
  }
  throw new Error('no track');
}

/** Resolves once the call's hang-up channel is open (PeerJS's `willCloseOnRemote`). */
async function channelUp(call: MediaConnection): Promise<void> {
  if (call.dataChannel?.readyState !== 'open') await next(call, 'willCloseOnRemote', 10000);
}

for (const server of serverNames()) {
  describe(`core calls (${server} server)`, () => {
    let a: Peer, b: Peer, cam: MediaStream;
    beforeEach(async () => {
      cam = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      [a, b] = await Promise.all([openPeer(uid('a'), serverOptions(server)), openPeer(uid('b'), serverOptions(server))]);
    });
    afterEach(() => { a?.destroy(); b?.destroy(); cam?.getTracks().forEach((t) => t.stop()); });

    async function dial(stream?: MediaStream, answerWith?: MediaStream): Promise<[MediaConnection, MediaConnection]> {
      const incoming = next(b, 'call');
      const ca = a.call(b.id!, stream, { metadata: { topic: 't' } });
      const [cb] = await incoming;
      expect(cb.metadata).to.deep.equal({ topic: 't' });
      cb.answer(answerWith);
      return [ca, cb];
    }

    it('makes a two-way call and both sides see remote streams, the same code, and the hang-up', async () => {
      const [ca, cb] = await dial(cam, cam);
      const [sa, sb] = await Promise.all([hasTrack(ca, 'video'), hasTrack(cb, 'video')]);
      expect(sa.getAudioTracks()).to.have.length(1);
      expect(sb.getAudioTracks()).to.have.length(1);
      expect(ca.open && cb.open).to.equal(true);
      expect(ca.remoteKit && cb.remoteKit).to.equal(true);
      expect([ca.type, cb.type]).to.deep.equal(['media', 'media']);
      const [codeA, codeB] = await Promise.all([verificationCode(ca.peerConnection!), verificationCode(cb.peerConnection!)]);
      expect(codeA).to.match(/^\d{6}$/);
      expect(codeA).to.equal(codeB);
      // Tracks show up before ICE connects; a hang-up can only be seen once the hang-up channel is up.
      await Promise.all([channelUp(ca), channelUp(cb)]);
      const closed = next(cb, 'close', 5000);
      const t0 = performance.now();
      ca.close();
      await closed;
      console.log(`remote hang-up seen after ${(performance.now() - t0).toFixed(0)} ms`);
      expect(ca.closeReason).to.equal('hangup');
      expect(cb.closeReason).to.equal('remote-hangup');
    });

    it('sees the call close when the remote Peer is destroyed (speed logged, not asserted)', async () => {
      const [ca, cb] = await dial(cam, cam);
      await Promise.all([hasTrack(ca, 'video'), hasTrack(cb, 'video'), channelUp(ca), channelUp(cb)]);
      const closed = next(ca, 'close', 8000);
      const t0 = performance.now();
      b.destroy();
      await closed;
      console.log(`${server}: call close seen ${(performance.now() - t0).toFixed(0)} ms after the remote Peer was destroyed`);
      expect(ca.closeReason).to.equal('remote-hangup');
      expect(cb.closeReason).to.equal('destroyed');
    });

    it('emits `open` once on both sides when ICE connects', async () => {
      const states: string[] = [];
      const count = { a: 0, b: 0 };
      const incoming = new Promise<MediaConnection>((resolve) => b.once('call', (cb) => {
        cb.on('open', () => { count.b++; states.push(cb.peerConnection!.iceConnectionState); });
        cb.answer(cam);
        resolve(cb);
      }));
      const ca = a.call(b.id!, cam);
      ca.on('open', () => { count.a++; states.push(ca.peerConnection!.iceConnectionState); });
      const cb = await incoming;
      await Promise.all([count.a ? undefined : next(ca, 'open'), count.b ? undefined : next(cb, 'open')]);
      expect(states.every((x) => x === 'connected' || x === 'completed')).to.equal(true);
      await Promise.all([hasTrack(ca, 'video'), hasTrack(cb, 'video'), channelUp(ca), channelUp(cb)]);
      const closed = next(cb, 'close', 5000);
      ca.close();
      await closed;
      expect(count).to.deep.equal({ a: 1, b: 1 });
    });

    it('makes one-way calls in both directions', async () => {
      const [ca, cb] = await dial(undefined, cam); // caller only receives
      await hasTrack(ca, 'video');
      expect(cb.remoteStream?.getTracks().length ?? 0).to.equal(0);
      await Promise.all([channelUp(ca), channelUp(cb)]);
      const closed = next(ca, 'close', 5000);
      cb.close();
      await closed;
      expect(ca.closeReason).to.equal('remote-hangup');
      const [ca2, cb2] = await dial(cam, undefined); // callee only receives
      await hasTrack(cb2, 'audio');
      expect(ca2.remoteStream?.getTracks().length ?? 0).to.equal(0);
      ca2.close();
    });

    for (const reason of ['busy', 'declined'] as const) {
      it(`tells a p2p-kit caller the call was ${reason}`, async () => {
        const incoming = next(b, 'call');
        const ca = a.call(b.id!, cam);
        const [cb] = await incoming;
        const closed = next(ca, 'close', 5000);
        cb.reject(reason);
        await closed;
        expect(ca.closeReason).to.equal(reason);
        expect(cb.closeReason).to.equal(reason);
      });
    }

    it('a p2p-kit caller that gives up ends only that ringing call on the callee (cancelled)', async () => {
      const dcIn = next(b, 'connection');
      const dc = a.connect(b.id!);
      const [dcB] = await dcIn;
      await next(dc, 'open');
      const incoming = next(b, 'call');
      const ca = a.call(b.id!, cam);
      const ringing = next(ca, 'ringing', 5000);
      const [cb] = await incoming;
      await ringing;
      expect(ca.remoteKit).to.equal(true);
      const closed = next(cb, 'close', 1500);
      const t0 = performance.now();
      ca.close();
      await closed;
      const ms = performance.now() - t0;
      console.log(`caller cancel seen by the callee after ${ms.toFixed(0)} ms`);
      expect(ms).to.be.below(1000);
      expect(cb.closeReason).to.equal('cancelled');
      expect(ca.closeReason).to.equal('hangup');
      // only that call ended: the data connection between the same peers still carries data
      expect(dc.open && dcB.open).to.equal(true);
      const got = next(dcB, 'data');
      await dc.send('still here');
      expect((await got)[0]).to.equal('still here');
    });

    it('a caller that gives up before the ringing ack still cancels the p2p-kit callee', async () => {
      let kitKnown: boolean | undefined;
      // Closing inside the callee's `call` listener: the ack it just sent cannot have reached the caller yet.
      const incoming = new Promise<MediaConnection>((resolve) => b.once('call', (cb) => {
        kitKnown = ca.remoteKit;
        ca.close();
        resolve(cb);
      }));
      const ca = a.call(b.id!, cam);
      const cb = await incoming;
      expect(kitKnown).to.equal(false);
      if (cb.closeReason === undefined) await next(cb, 'close', 1500);
      expect(cb.closeReason).to.equal('cancelled');
    });

    it('a caller destroying its Peer while the p2p-kit callee rings cancels the call too', async () => {
      const incoming = next(b, 'call');
      const ca = a.call(b.id!, cam);
      const ringing = next(ca, 'ringing', 5000);
      const [cb] = await incoming;
      await ringing;
      const closed = next(cb, 'close', 1500);
      a.destroy();
      await closed;
      expect(cb.closeReason).to.equal('cancelled');
    });

    it('renegotiates: adds a track, replaces the camera with a canvas track, removes a track', async () => {
      const audioOnly = new MediaStream(cam.getAudioTracks());
      const [ca, cb] = await dial(audioOnly, audioOnly);
      await Promise.all([hasTrack(ca, 'audio'), hasTrack(cb, 'audio')]);
      await ca.addTrack(cam.getVideoTracks()[0]!);
      const remote = await hasTrack(cb, 'video');
      const before = remote.getVideoTracks()[0]!;
      const canvas = canvasTrack();
      await ca.replaceTrack('video', canvas);
      const sender = ca.peerConnection!.getSenders().find((s) => s.track?.kind === 'video')!;
      expect(sender.track).to.equal(canvas);
      expect(ca.localStream!.getVideoTracks()).to.deep.equal([canvas]);
      expect(before.readyState).to.equal('live');
      // the callee renegotiates too (it is the polite side)
      await cb.addTrack(canvasTrack());
      await hasTrack(ca, 'video');
      // removing renegotiates: the remote stream loses the track
      const removed = new Promise<void>((resolve) => remote.addEventListener('removetrack', () => resolve(), { once: true }));
      await ca.removeTrack(canvas);
      await removed;
      expect(remote.getVideoTracks()).to.have.length(0);
      expect(remote.getAudioTracks()).to.have.length(1);
      canvas.stop();
    });
  });
}
