import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define/p2p-video.js';
import type { P2PVideoElement } from '../../src/components/p2p-video/p2p-video.js';

/** A live stream without devices: an animated canvas plus a silent oscillator track. */
function fakeStream(): { stream: MediaStream; stop(): void } {
  const canvas = document.createElement('canvas');
  canvas.width = 160; canvas.height = 120;
  const ctx = canvas.getContext('2d')!;
  let frame = 0;
  const timer = setInterval(() => { ctx.fillStyle = `hsl(${(frame += 10) % 360} 80% 50%)`; ctx.fillRect(0, 0, 160, 120); }, 30);
  const audio = new AudioContext();
  const osc = audio.createOscillator();
  const dest = audio.createMediaStreamDestination();
  osc.connect(dest); osc.start();
  const stream = new MediaStream([...canvas.captureStream(30).getVideoTracks(), ...dest.stream.getAudioTracks()]);
  return { stream, stop() { clearInterval(timer); stream.getTracks().forEach((t) => t.stop()); void audio.close(); } };
}

async function playing(el: P2PVideoElement): Promise<void> {
  const v = el.videoElement!;
  if (!v.paused && v.videoWidth > 0) return;
  await oneEvent(v, 'playing');
}

describe('<p2p-video>', () => {
  let src: ReturnType<typeof fakeStream>;
  beforeEach(() => { src = fakeStream(); });
  afterEach(() => src.stop());

  it('has defaults and reflects has-stream when a stream is set', async () => {
    const el = await fixture<P2PVideoElement>(html`<p2p-video></p2p-video>`);
    expect(el.hasAttribute('has-stream')).to.equal(false);
    expect(el.fit).to.equal('contain');
    el.stream = src.stream;
    await el.updateComplete;
    expect(el.hasAttribute('has-stream')).to.equal(true);
    expect(el.videoElement!.srcObject).to.equal(src.stream);
    await playing(el);
    expect(el.videoElement!.videoWidth).to.be.greaterThan(0);
    el.stream = null;
    await el.updateComplete;
    expect(el.hasAttribute('has-stream')).to.equal(false);
    expect(el.videoElement!.srcObject).to.equal(null);
  });

  it('applies muted, mirrored and fit to the video part', async () => {
    const el = await fixture<P2PVideoElement>(html`<p2p-video muted mirrored fit="cover" label="Me"></p2p-video>`);
    const v = el.shadowRoot!.querySelector('[part=video]') as HTMLVideoElement;
    expect(v.muted).to.equal(true);
    expect(v.getAttribute('aria-label')).to.equal('Me');
    expect(getComputedStyle(v).objectFit).to.equal('cover');
    expect(getComputedStyle(v).transform).to.not.equal('none');
    el.mirrored = false; el.fit = 'contain'; el.muted = false;
    await el.updateComplete;
    expect(el.hasAttribute('mirrored')).to.equal(false);
    expect(getComputedStyle(v).objectFit).to.equal('contain');
    expect(getComputedStyle(v).transform).to.equal('none');
    expect(v.muted).to.equal(false);
  });

  it('plays muted and shows "click to unmute" when autoplay with sound is refused', async () => {
    const el = await fixture<P2PVideoElement>(html`<p2p-video></p2p-video>`);
    const v = el.videoElement!;
    // Emulate Chromium's autoplay policy (the test browser runs with it disabled).
    const realPlay = HTMLMediaElement.prototype.play;
    v.play = function (this: HTMLVideoElement) {
      return this.muted ? realPlay.call(this) : Promise.reject(new DOMException('no gesture', 'NotAllowedError'));
    };
    el.stream = src.stream;
    await playing(el);
    await el.updateComplete;
    expect(el.hasAttribute('autoplay-blocked')).to.equal(true);
    expect(v.muted).to.equal(true);
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part=unmute]')!;
    expect(button.textContent).to.equal('Click to unmute');
    await expect(el).to.be.accessible();
    button.click();
    await el.updateComplete;
    expect(el.hasAttribute('autoplay-blocked')).to.equal(false);
    expect(v.muted).to.equal(false);
    expect(el.shadowRoot!.querySelector('[part=unmute]')).to.equal(null);
  });

  it('uses German strings under lang="de" and accepts overrides', async () => {
    const el = await fixture<P2PVideoElement>(html`<div lang="de"><p2p-video></p2p-video></div>`).then((d) => d.querySelector('p2p-video')!);
    el.autoplayBlocked = true;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=unmute]')!.textContent).to.equal('Klicken, um den Ton einzuschalten');
    el.strings = { unmute: 'Ton an' };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=unmute]')!.textContent).to.equal('Ton an');
  });

  it('is accessible with a stream', async () => {
    const el = await fixture<P2PVideoElement>(html`<p2p-video label="Remote camera" .stream=${src.stream}></p2p-video>`);
    await playing(el);
    await expect(el).to.be.accessible();
  });

  it('releases the stream on disconnect and restores it on reconnect (no leak over 50 moves)', async () => {
    const el = await fixture<P2PVideoElement>(html`<p2p-video .stream=${src.stream}></p2p-video>`);
    const parent = el.parentElement!;
    for (let i = 0; i < 50; i++) {
      el.remove();
      expect(el.videoElement!.srcObject).to.equal(null);
      parent.append(el);
      await el.updateComplete;
      expect(el.videoElement!.srcObject).to.equal(src.stream);
    }
    el.remove();
    expect(el.videoElement!.srcObject).to.equal(null);
    expect(el.stream).to.equal(src.stream); // the page's stream is not ours to stop
    expect(src.stream.getVideoTracks()[0].readyState).to.equal('live');
  });
});
