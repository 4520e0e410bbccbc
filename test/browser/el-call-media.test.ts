/** <p2p-call> end to end when the browser's media gets in the way: camera/mic errors, autoplay, the callee's own ring timeout (the caller ends as no-answer). */
import { expect } from '@open-wc/testing';
import '../../src/define/p2p-call.js';
import type { P2PCallElement } from '../../src/components/p2p-call/p2p-call.js';
import type { P2PCallEndEvent, P2PIncomingCallEvent } from '../../src/components/p2p-call/p2p-call.events.js';
import type { P2PVideoElement } from '../../src/components/p2p-video/p2p-video.js';
import type { P2PError, P2PErrorEvent } from '../../src/components/shared/events.js';
import type { Peer } from '../../src/core/index.js';
import { nextEvent, pair, type Pair } from './el-call-helpers.js';

const part = (el: HTMLElement, name: string) => el.shadowRoot!.querySelector(`[part~=${name}]`) as HTMLElement;

/** Makes `getUserMedia()` reject with a DOMException named `name` until the returned function restores it. */
function refuseMedia(name: string): () => void {
  const md = navigator.mediaDevices;
  const real = Object.getOwnPropertyDescriptor(md, 'getUserMedia');
  md.getUserMedia = () => Promise.reject(new DOMException(`stubbed ${name}`, name));
  return () => { if (real) Object.defineProperty(md, 'getUserMedia', real); else delete (md as { getUserMedia?: unknown }).getUserMedia; };
}

/**
 * Emulates Chromium's autoplay policy (the test browser runs with it off): `play()` with sound
 * rejects with NotAllowedError, muted `play()` works. Returns the restore function.
 */
function refuseAutoplayWithSound(): () => void {
  const proto = HTMLMediaElement.prototype;
  const real = proto.play;
  proto.play = function (this: HTMLMediaElement) {
    return this.muted ? real.call(this) : Promise.reject(new DOMException('play() needs a user gesture', 'NotAllowedError'));
  };
  return () => { proto.play = real; };
}

describe('<p2p-call> media', () => {
  let p: Pair<P2PCallElement> | undefined;
  let restore: (() => void) | undefined;
  afterEach(() => { restore?.(); restore = undefined; p?.close(); p = undefined; });

  it('fails a call with permission-denied when camera/mic access is refused, and says so', async () => {
    p = await pair('p2p-call');
    let rang = false;
    p.b.addEventListener('p2p-incoming-call', () => { rang = true; });
    restore = refuseMedia('NotAllowedError');
    const err = nextEvent<P2PErrorEvent>(p.a, 'p2p-error');
    const thrown = await p.a.start().then(() => undefined, (e: { code?: string }) => e);
    restore(); restore = undefined;
    expect(thrown).to.have.property('code', 'permission-denied');
    expect((await err).code).to.equal('permission-denied');
    expect(p.a.getAttribute('state')).to.equal('failed');
    expect(p.a.getAttribute('end-reason')).to.equal('failed');
    expect(p.a.localStream).to.equal(null);
    await p.a.updateComplete;
    expect(part(p.a, 'status').textContent).to.contain('Call failed (camera or microphone access was denied');
    expect(rang).to.equal(false); // no call was placed without media
    // The next try (access now granted) clears the message and connects.
    const ringing = nextEvent<P2PIncomingCallEvent>(p.b, 'p2p-incoming-call');
    const started = p.a.start();
    await ringing;
    await Promise.all([started, p.b.answer()]);
    await p.a.updateComplete;
    expect(part(p.a, 'status').textContent).to.contain(`In a call with ${p.idB}`);
  });

  it('fails the callee with device-in-use when the camera is busy on answer; German text under lang=de', async () => {
    p = await pair('p2p-call');
    p.b.lang = 'de';
    const ringing = nextEvent<P2PIncomingCallEvent>(p.b, 'p2p-incoming-call');
    const started = p.a.start().then(() => 'active', (e: { code?: string }) => e.code);
    await ringing;
    restore = refuseMedia('NotReadableError');
    const err = nextEvent<P2PErrorEvent>(p.b, 'p2p-error');
    const thrown = await p.b.answer().then(() => undefined, (e: { code?: string }) => e);
    restore(); restore = undefined;
    expect(thrown).to.have.property('code', 'device-in-use');
    expect((await err).code).to.equal('device-in-use');
    expect(p.b.getAttribute('state')).to.equal('failed');
    await p.b.updateComplete;
    expect(part(p.b, 'status').textContent).to.contain('Anruf fehlgeschlagen (Kamera oder Mikrofon wird von einer anderen App benutzt)');
    // The caller is not left ringing.
    expect(await started).to.not.equal('active');
    expect(p.a.state).to.not.be.oneOf(['calling', 'active']);
  });

  it('plays the remote video muted with a visible "click to unmute" when autoplay with sound is refused', async () => {
    p = await pair('p2p-call');
    restore = refuseAutoplayWithSound();
    const ringing = nextEvent<P2PIncomingCallEvent>(p.b, 'p2p-incoming-call');
    const started = p.a.start();
    await ringing;
    await Promise.all([started, p.b.answer()]);
    await p.b.updateComplete;
    const remote = part(p.b, 'remote-video') as P2PVideoElement;
    await remote.updateComplete;
    const video = remote.videoElement!;
    if (!remote.autoplayBlocked) await nextEvent(video, 'volumechange', () => remote.autoplayBlocked);
    if (video.paused || video.videoWidth === 0) await nextEvent(video, 'playing');
    await new Promise((r) => video.requestVideoFrameCallback(r)); // frames are shown
    await remote.updateComplete;
    expect(remote.hasAttribute('autoplay-blocked')).to.equal(true);
    expect(video.muted).to.equal(true);
    expect(video.paused).to.equal(false);
    const unmute = remote.shadowRoot!.querySelector<HTMLButtonElement>('[part=unmute]')!;
    expect(unmute.textContent).to.equal('Click to unmute');
    expect(unmute.checkVisibility()).to.equal(true);
    unmute.click();
    await remote.updateComplete;
    expect(remote.hasAttribute('autoplay-blocked')).to.equal(false);
    expect(video.muted).to.equal(false);
    expect(video.paused).to.equal(false);
    expect(remote.shadowRoot!.querySelector('[part=unmute]')).to.equal(null);
  });

  it("ends the callee's ringing as missed by its own ring-timeout, and the caller's call as no-answer", async () => {
    p = await pair('p2p-call', { 'ring-timeout': '600' });
    // The caller is a bare core call: no ring timeout of its own, never cancels.
    const caller = p.peerA.peer as unknown as Peer;
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    try {
      const ringing = nextEvent<P2PIncomingCallEvent>(p.b, 'p2p-incoming-call');
      const call = caller.call(p.idB, stream);
      const callerClosed = new Promise<void>((resolve) => call.on('close', () => resolve()));
      await ringing;
      await p.b.updateComplete;
      expect(p.b.state).to.equal('ringing');
      const t0 = performance.now();
      const end = await nextEvent<P2PCallEndEvent>(p.b, 'p2p-call-end');
      expect(end.reason).to.equal('missed');
      expect(performance.now() - t0).to.be.within(300, 5000);
      expect(p.b.getAttribute('state')).to.equal('ended');
      expect(p.b.getAttribute('end-reason')).to.equal('missed');
      await p.b.updateComplete;
      expect(part(p.b, 'status').textContent).to.contain('Call ended (missed call)');
      expect([...p.b.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent!.trim())).to.not.include('Accept');
      expect(p.b.connection).to.equal(undefined);
      await callerClosed; // the callee told it why instead of leaving it ringing
      expect(call.closeReason).to.equal('no-answer');
    } finally { stream.getTracks().forEach((t) => t.stop()); }
  });

  it('a caller element whose callee element rings out ends with no-answer and start() rejects with timeout', async () => {
    p = await pair('p2p-call', {});
    p.b.ringTimeout = 600;
    p.a.ringTimeout = 0; // rings forever: only the callee's timeout can end it
    const callerEnd = nextEvent<P2PCallEndEvent>(p.a, 'p2p-call-end');
    const calleeEnd = nextEvent<P2PCallEndEvent>(p.b, 'p2p-call-end');
    const started = p.a.start().then(() => undefined, (e: P2PError) => e);
    expect((await calleeEnd).reason).to.equal('missed');
    expect((await callerEnd).reason).to.equal('no-answer');
    expect((await started)?.code).to.equal('timeout');
    expect(p.a.getAttribute('end-reason')).to.equal('no-answer');
  });
});
