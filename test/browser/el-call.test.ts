import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/p2p-call.js';
import type { P2PCallElement } from '../../src/components/p2p-call/p2p-call.js';
import type { P2PCallEndEvent, P2PIncomingCallEvent } from '../../src/components/p2p-call/p2p-call.events.js';
import type { P2PVideoElement } from '../../src/components/p2p-video/p2p-video.js';
import type { Peer } from '../../src/core/index.js';
import { nextEvent, pair, type Pair } from './el-call-helpers.js';

const part = (el: HTMLElement, name: string) => el.shadowRoot!.querySelector(`[part~=${name}]`) as HTMLElement;
const button = (el: HTMLElement, text: string) =>
  [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === text) as HTMLButtonElement;

/**
 * Resolves once `video` shows frames: a size (with the given aspect ratio: WebRTC may scale the
 * resolution down under load, but keeps the shape), then at least two new frames.
 */
async function playing(p2pVideo: P2PVideoElement, aspect?: number): Promise<HTMLVideoElement> {
  const video = p2pVideo.videoElement!;
  const wrong = () => video.videoWidth === 0 || (aspect !== undefined && Math.abs(video.videoWidth / video.videoHeight - aspect) > 0.05);
  for (let i = 0; i < 200 && wrong(); i++) await nextEvent(video, 'resize');
  for (let i = 0; i < 2; i++) await new Promise((r) => video.requestVideoFrameCallback(r));
  return video;
}

/** Alice calls Bob, Bob answers from code; resolves when both are active. */
async function connect(p: Pair<P2PCallElement>): Promise<void> {
  const ringing = nextEvent<P2PIncomingCallEvent>(p.b, 'p2p-incoming-call');
  const started = p.a.start();
  await ringing;
  await Promise.all([started, p.b.answer()]);
}

describe('<p2p-call>', () => {
  let p: Pair<P2PCallElement> | undefined;
  afterEach(() => { p?.close(); p = undefined; });

  it('starts idle with defaults, reflects attributes, and passes axe', async () => {
    const el = await fixture<P2PCallElement>(html`<p2p-call remote="bob" ring-timeout="5000" show-code muted camera-off></p2p-call>`);
    expect(el.state).to.equal('idle');
    expect(el.getAttribute('state')).to.equal('idle');
    expect(el.ringTimeout).to.equal(5000);
    expect(el.showCode).to.equal(true);
    expect(el.muted && el.cameraOff).to.equal(true);
    expect(el.localStream).to.equal(null);
    expect(el.remoteStream).to.equal(null);
    expect(part(el, 'remote-video').localName).to.equal('p2p-video');
    expect(part(el, 'local-video').localName).to.equal('p2p-video');
    expect(button(el, 'Call bob')).to.be.instanceOf(HTMLButtonElement);
    await expect(el).to.be.accessible();
    el.lang = 'de';
    await Promise.resolve(); // the language observer (a MutationObserver) runs first
    await el.updateComplete;
    expect(button(el, 'bob anrufen')).to.be.instanceOf(HTMLButtonElement);
    el.strings = { call: 'Ring {remote}!' };
    await el.updateComplete;
    expect(button(el, 'Ring bob!')).to.be.instanceOf(HTMLButtonElement);
  });

  it('rejects start() without a peer as no-peer and reports an unknown camera as device-not-found', async () => {
    const el = await fixture<P2PCallElement>(html`<p2p-call remote="bob"></p2p-call>`);
    let code: string | undefined;
    await el.start().catch((e) => { code = e.code; });
    expect(code).to.equal('no-peer');
    p = await pair('p2p-call', { camera: 'no-such-camera' });
    const err = nextEvent<Event & { code: string }>(p.a, 'p2p-error');
    await p.a.start().catch((e) => { code = e.code; });
    expect(code).to.equal('device-not-found');
    expect((await err).code).to.equal('device-not-found');
    expect(p.a.state).to.equal('failed');
  });

  it('connects a call with remote video playing on both sides, equal verification codes, and hangs up', async () => {
    p = await pair('p2p-call', { 'show-code': '' });
    const statesA: string[] = [];
    const statesB: string[] = [];
    p.a.addEventListener('p2p-state-change', (e) => statesA.push(e.state));
    p.b.addEventListener('p2p-state-change', (e) => statesB.push(e.state));
    const ringing = nextEvent<P2PIncomingCallEvent>(p.b, 'p2p-incoming-call');
    const started = p.a.start();
    const ev = await ringing;
    expect(ev.from).to.equal(p.idA);
    expect(ev.cancelable).to.equal(true);
    await p.b.updateComplete;
    expect(p.b.getAttribute('state')).to.equal('ringing');
    expect(part(p.b, 'status').textContent).to.contain(`${p.idA} is calling`);
    await expect(p.b).to.be.accessible();
    await Promise.all([started, p.b.answer()]); // programmatic answer: no click, still plays
    expect(p.a.state).to.equal('active');
    expect(p.b.state).to.equal('active');
    expect(p.a.localStream!.getVideoTracks()).to.have.length(1);
    expect(p.b.remoteStream).to.be.instanceOf(MediaStream);
    await p.b.updateComplete;
    const remoteAtB = await playing(part(p.b, 'remote-video') as P2PVideoElement);
    const remoteAtA = await playing(part(p.a, 'remote-video') as P2PVideoElement);
    expect(remoteAtB.videoWidth).to.be.greaterThan(0);
    expect(remoteAtA.videoWidth).to.be.greaterThan(0);
    await Promise.all([p.a, p.b].map((el) => el.verificationCode ? undefined : nextEvent(el, 'p2p-verification-code')));
    expect(p.a.verificationCode).to.match(/^\d{6}$/);
    expect(p.a.verificationCode).to.equal(p.b.verificationCode);
    await p.a.updateComplete;
    expect(part(p.a, 'code').textContent).to.contain(p.a.verificationCode!.slice(0, 3));
    await expect(p.a).to.be.accessible();
    const localTracks = p.a.localStream!.getTracks();
    const endB = nextEvent<P2PCallEndEvent>(p.b, 'p2p-call-end');
    await p.a.hangUp();
    expect(p.a.state).to.equal('ended');
    expect(p.a.endReason).to.equal('hangup');
    expect((await endB).reason).to.equal('remote-hangup');
    expect(p.b.getAttribute('end-reason')).to.equal('remote-hangup');
    await p.b.updateComplete;
    expect(part(p.b, 'status').textContent).to.contain(`Call ended (${p.idA} hung up)`);
    expect(localTracks.every((t) => t.readyState === 'ended')).to.equal(true);
    expect(p.a.localStream).to.equal(null);
    expect(statesA).to.deep.equal(['calling', 'active', 'ended']);
    expect(statesB).to.deep.equal(['ringing', 'connecting', 'active', 'ended']);
  });

  it('makes audio-only calls with no-video and reports the remote stream', async () => {
    p = await pair('p2p-call', { 'no-video': '' });
    const remote = nextEvent<Event & { stream: MediaStream }>(p.b, 'p2p-remote-stream');
    await connect(p);
    expect(p.a.localStream!.getVideoTracks()).to.have.length(0);
    expect(p.a.localStream!.getAudioTracks()).to.have.length(1);
    const stream = (await remote).stream;
    expect(stream.getAudioTracks()).to.have.length(1);
    expect(stream.getVideoTracks()).to.have.length(0);
    await p.a.updateComplete;
    expect(button(p.a, 'Turn camera off')).to.equal(undefined);
    expect(button(p.a, 'Share screen')).to.equal(undefined);
  });

  it('mutes the microphone and turns the camera off (reflected, tracks disabled)', async () => {
    p = await pair('p2p-call');
    await connect(p);
    await p.a.updateComplete;
    // Device pickers appear for each kind with a choice (the fake devices decide how many).
    const devices = await navigator.mediaDevices.enumerateDevices();
    const choices = ['audioinput', 'videoinput'].filter((k) => devices.filter((d) => d.kind === k).length > 1).length;
    expect(p.a.shadowRoot!.querySelectorAll('[part=controls] select')).to.have.length(choices);
    button(p.a, 'Mute microphone').click();
    await p.a.updateComplete;
    expect(p.a.hasAttribute('muted')).to.equal(true);
    expect(p.a.localStream!.getAudioTracks()[0].enabled).to.equal(false);
    p.a.cameraOff = true;
    await p.a.updateComplete;
    expect(p.a.hasAttribute('camera-off')).to.equal(true);
    expect(p.a.localStream!.getVideoTracks()[0].enabled).to.equal(false);
    expect(button(p.a, 'Turn camera on').getAttribute('aria-pressed')).to.equal('true');
    p.a.muted = false;
    await p.a.updateComplete;
    expect(p.a.localStream!.getAudioTracks()[0].enabled).to.equal(true);
  });

  it('fails with peer-unavailable when calling a peer that is not online', async () => {
    p = await pair('p2p-call');
    p.a.remote = 'nobody-home-' + Date.now().toString(36);
    let code: string | undefined;
    await p.a.start().catch((e) => { code = e.code; });
    expect(code).to.equal('peer-unavailable');
    expect(p.a.state).to.equal('failed');
    expect(p.a.endReason).to.equal('unavailable');
    expect(p.a.localStream).to.equal(null);
  });

  it('declines through preventDefault: start() rejects with declined', async () => {
    p = await pair('p2p-call');
    p.b.addEventListener('p2p-incoming-call', (e) => e.preventDefault());
    let code: string | undefined;
    await p.a.start().catch((e) => { code = e.code; });
    expect(code).to.equal('declined');
    expect(p.a.state).to.equal('ended');
    expect(p.a.endReason).to.equal('declined');
    expect(p.b.endReason).to.equal('declined');
  });

  it('declines with the Decline button', async () => {
    p = await pair('p2p-call');
    const ringing = nextEvent(p.b, 'p2p-incoming-call');
    const started = p.a.start().catch((e) => e.code);
    await ringing;
    await p.b.updateComplete;
    button(p.b, 'Decline').click();
    expect(await started).to.equal('declined');
  });

  it('answers busy when a second call comes in during a call', async () => {
    p = await pair('p2p-call');
    await connect(p);
    const second = document.createElement('p2p-call');
    second.remote = p.idB;
    p.peerA.append(second);
    let code: string | undefined;
    await second.start().catch((e) => { code = e.code; });
    expect(code).to.equal('busy');
    expect(second.endReason).to.equal('busy');
    expect(p.b.state).to.equal('active');
  });

  it('lets the caller cancel and times out unanswered calls (caller: no-answer, callee: missed)', async () => {
    p = await pair('p2p-call');
    // The caller's cancel reaches Bob at once: his own ring-timeout (default 30 s) plays no part.
    const ringing = nextEvent(p.b, 'p2p-incoming-call');
    const started = p.a.start().catch((e) => e.code);
    await ringing;
    expect(p.b.state).to.equal('ringing');
    const missed = nextEvent<P2PCallEndEvent>(p.b, 'p2p-call-end');
    const t0 = performance.now();
    await p.a.hangUp();
    expect(await started).to.equal('cancelled');
    expect(p.a.endReason).to.equal('cancelled');
    expect((await missed).reason).to.equal('missed');
    expect(performance.now() - t0).to.be.below(2000);
    expect(p.b.state).to.equal('ended');
    expect(p.b.endReason).to.equal('missed');
    p.b.ringTimeout = 1000;
    // Ring timeout: Bob lets it ring.
    p.a.ringTimeout = 300;
    const missed2 = nextEvent<P2PCallEndEvent>(p.b, 'p2p-call-end');
    expect(await p.a.start().catch((e) => e.code)).to.equal('timeout');
    expect(p.a.endReason).to.equal('no-answer');
    expect((await missed2).reason).to.equal('missed');
  });

  it('switches to a shared screen (canvas capture) and back; the remote video follows', async () => {
    p = await pair('p2p-call');
    await connect(p);
    await p.b.updateComplete;
    const remote = part(p.b, 'remote-video') as P2PVideoElement;
    const cam = await playing(remote);
    const camAspect = cam.videoWidth / cam.videoHeight;
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 180;
    const ctx = canvas.getContext('2d')!;
    let frame = 0;
    const draw = () => { ctx.fillStyle = `hsl(${frame++ % 360} 80% 50%)`; ctx.fillRect(0, 0, 320, 180); };
    // A captured canvas only produces frames when drawn: draw every animation frame.
    let raf = requestAnimationFrame(function loop() { draw(); raf = requestAnimationFrame(loop); });
    try {
      const screen = canvas.captureStream(30);
      await p.a.shareScreen(screen);
      expect(p.a.hasAttribute('screen-sharing')).to.equal(true);
      expect(p.a.localStream!.getVideoTracks()[0]).to.equal(screen.getVideoTracks()[0]);
      const shown = await playing(remote, 16 / 9);
      expect(shown.videoWidth / shown.videoHeight).to.be.closeTo(16 / 9, 0.05);
      await p.a.stopScreenShare();
      expect(p.a.hasAttribute('screen-sharing')).to.equal(false);
      expect(screen.getVideoTracks()[0].readyState).to.equal('ended');
      const back = await playing(remote, camAspect);
      expect(back.videoWidth / back.videoHeight).to.be.closeTo(camAspect, 0.05);
      expect(camAspect).to.not.be.closeTo(16 / 9, 0.1); // the fake camera is 4:3, so the switch was visible
    } finally { cancelAnimationFrame(raf); }
  });

  it('switches the microphone and camera mid-call through setDevice (old tracks stopped)', async () => {
    p = await pair('p2p-call');
    await connect(p);
    const devices = await navigator.mediaDevices.enumerateDevices();
    const cam = devices.find((d) => d.kind === 'videoinput')!;
    const mic = devices.find((d) => d.kind === 'audioinput')!;
    const oldVideo = p.a.localStream!.getVideoTracks()[0];
    const oldAudio = p.a.localStream!.getAudioTracks()[0];
    p.a.muted = true;
    await p.a.updateComplete;
    await p.a.setDevice('video', cam.deviceId);
    await p.a.setDevice('audio', mic.deviceId);
    expect(p.a.camera).to.equal(cam.deviceId);
    expect(p.a.microphone).to.equal(mic.deviceId);
    const video = p.a.localStream!.getVideoTracks();
    const audio = p.a.localStream!.getAudioTracks();
    expect(video).to.have.length(1);
    expect(video[0]).to.not.equal(oldVideo);
    expect(oldVideo.readyState).to.equal('ended');
    expect(audio[0]).to.not.equal(oldAudio);
    expect(audio[0].enabled).to.equal(false); // still muted after the switch
    const sent = p.a.connection!.peerConnection!.getSenders().map((s) => s.track);
    expect(sent).to.include(video[0]);
    expect(sent).to.include(audio[0]);
    await playing(part(p.b, 'remote-video') as P2PVideoElement);
  });

  it('survives a DOM move mid-call (disconnect + connect in one task) but hangs up when removed', async () => {
    p = await pair('p2p-call');
    await connect(p);
    const box = document.createElement('section');
    p.peerA.append(box);
    box.append(p.a); // a move: disconnect + connect
    await Promise.resolve();
    await p.a.updateComplete;
    expect(p.a.state).to.equal('active');
    await playing(part(p.b, 'remote-video') as P2PVideoElement);
    const endB = nextEvent<P2PCallEndEvent>(p.b, 'p2p-call-end');
    p.a.remove();
    expect((await endB).reason).to.equal('remote-hangup');
    expect(p.a.state).to.equal('ended');
  });

  it('leaves no listeners on its Peer after 30 connect/disconnect cycles', async () => {
    p = await pair('p2p-call');
    const peer = p.peerA.peer as unknown as Peer;
    const before = peer.listenerCount('call');
    const el = p.a;
    const parent = el.parentElement!;
    for (let i = 0; i < 30; i++) {
      el.remove();
      parent.append(el);
      await el.updateComplete;
    }
    expect(peer.listenerCount('call')).to.equal(before);
    el.remove();
    expect(peer.listenerCount('call')).to.equal(before - 1);
  });
});
