// Core rooms: the speaking highlight in real Chromium against our server. Two members send WebAudio
// oscillator tracks (one loud, one silent), so the RTP audio levels are deterministic.
import { expect } from '@open-wc/testing';
import { Room } from '../../src/core/index.js';
import { canvasTrack, openPeer, serverOptions, uid } from './core-helpers.js';
import { until } from './room-helpers.js';

describe('core Room: speaking', function () {
  this.timeout(90000);
  it('the speaking highlight follows the louder member (WebAudio oscillators make levels deterministic)', async () => {
    const ctx = new AudioContext();
    const tone = (gain: number): MediaStream => {
      const osc = ctx.createOscillator();
      const g = ctx.createGain();
      g.gain.value = gain;
      const out = ctx.createMediaStreamDestination();
      osc.connect(g).connect(out);
      osc.start();
      return new MediaStream([...out.stream.getAudioTracks(), canvasTrack()]);
    };
    const talk = uid('talk');
    const loud = new Room(await openPeer(uid('loud'), serverOptions('kit')), talk, { stream: tone(1) });
    const quiet = new Room(await openPeer(uid('quiet'), serverOptions('kit')), talk, { stream: tone(0) });
    try {
      await ctx.resume();
      await loud.join();
      await quiet.join();
      const loudAtQuiet = () => quiet.participants.find((p) => p.id === loud.peer.id);
      // As a tile would: play the remote audio (Chromium reads RTP levels of a played receiver; see ROOMS.md §4c's WPT note).
      await until([quiet], () => !!loudAtQuiet()?.stream, 'loud\'s stream at quiet');
      const audio = Object.assign(document.createElement('audio'), { autoplay: true, srcObject: loudAtQuiet()!.stream });
      document.body.append(audio);
      await until([quiet], () => loudAtQuiet()?.speaking === true && quiet.activeSpeaker === loud.peer.id,
        'quiet sees loud speaking').catch((e: Error) => { throw new Error(`${e.message}; level ${loudAtQuiet()?.audioLevel}, link ${loudAtQuiet()?.link}`); });
      expect(loudAtQuiet()!.audioLevel).to.be.greaterThan(0.05);
      const quietAtLoud = loud.participants.find((p) => p.id === quiet.peer.id)!;
      await until([loud], () => quietAtLoud.link === 'connected', 'loud linked');
      expect(quietAtLoud.speaking).to.equal(false);
      expect(quietAtLoud.audioLevel).to.be.below(0.02);
      expect(loud.activeSpeaker).to.equal(undefined);
    } finally {
      document.querySelectorAll('audio').forEach((a) => a.remove());
      loud.leave(); quiet.leave();
      loud.peer.destroy(); quiet.peer.destroy();
      await ctx.close();
    }
  });
});
