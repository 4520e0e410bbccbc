/**
 * Story helpers: every story runs offline. Peers in a story share an in-page loopback signalling
 * network (core `createLoopbackNetwork`), so two instances side by side talk over real WebRTC with
 * no server. Each render gets a fresh network, so stories never see each other's peers.
 */
import { html, type TemplateResult } from 'lit';
import { createLoopbackNetwork } from '../src/core/index.js';
import '../src/index.js';

/** One side of a two-peer story. */
export interface Side { id: string; name: string; transport: unknown }

/** Renders `side(a, b)` twice, side by side, for two peers named Ann and Ben on a new loopback network. */
export function sideBySide(side: (me: Side, other: Side) => TemplateResult): TemplateResult {
  const net = createLoopbackNetwork();
  const ann: Side = { id: 'ann', name: 'Ann', transport: net.transport() };
  const ben: Side = { id: 'ben', name: 'Ben', transport: net.transport() };
  return html`<div style="display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:1rem;font-family:system-ui">
    <section aria-label="Ann's side" data-side="ann">
      <h3 style="margin:0 0 .5rem;font-size:1rem">Ann</h3>
      <p2p-peer peer-id=${ann.id} name=${ann.name} discoverable .transport=${ann.transport}>${side(ann, ben)}</p2p-peer>
    </section>
    <section aria-label="Ben's side" data-side="ben">
      <h3 style="margin:0 0 .5rem;font-size:1rem">Ben</h3>
      <p2p-peer peer-id=${ben.id} name=${ben.name} discoverable .transport=${ben.transport}>${side(ben, ann)}</p2p-peer>
    </section>
  </div>`;
}

/** Renders `member(me)` once per name, side by side, each in its own `<p2p-peer>` on one new loopback network. */
export function group(names: string[], member: (me: Side) => TemplateResult): TemplateResult {
  const net = createLoopbackNetwork();
  const sides: Side[] = names.map((name) => ({ id: name.toLowerCase(), name, transport: net.transport() }));
  return html`<div style="display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:1rem;font-family:system-ui">
    ${sides.map((me) => html`<section aria-label="${me.name}'s side" data-side=${me.id}>
      <h3 style="margin:0 0 .5rem;font-size:1rem">${me.name}</h3>
      <p2p-peer peer-id=${me.id} name=${me.name} .transport=${me.transport}>${member(me)}</p2p-peer>
    </section>`)}
  </div>`;
}

/**
 * A moving test pattern as a MediaStream (no camera needed). Drawing stops once its track ended
 * (a call stops its tracks when it ends), so patterns of past stories do not keep painting.
 */
export function patternStream(label = 'p2p-kit', hue = 230): MediaStream {
  const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 180 });
  const ctx = canvas.getContext('2d')!;
  const stream = canvas.captureStream(30);
  const [track] = stream.getVideoTracks();
  let frame = 0;
  const draw = () => {
    if (track.readyState === 'ended') return;
    frame++;
    ctx.fillStyle = `hsl(${(hue + frame / 4) % 360} 55% 42%)`;
    ctx.fillRect(0, 0, 320, 180);
    ctx.fillStyle = '#fff';
    ctx.font = '600 26px system-ui';
    ctx.fillText(label, 20 + ((frame * 1.5) % 160), 100);
    requestAnimationFrame(draw);
  };
  draw();
  return stream;
}

const realGetUserMedia = navigator.mediaDevices?.getUserMedia?.bind(navigator.mediaDevices);
let fake = false;
let cameras = 0;

/**
 * While `on`, `getUserMedia()` answers with a canvas test pattern (video only: a silent audio
 * track would need an AudioContext, which Chromium only starts after a user gesture) instead of
 * the camera, so call stories connect with no camera and no permission prompt; while off, the real
 * camera is asked, and the pattern stands in only where there is none. Each stream gets
 * its own label and colour: the first is "camera 1" (the caller's), the next "camera 2".
 */
export function useFakeMedia(on: boolean): void {
  fake = on;
  cameras = 0;
  if (!navigator.mediaDevices || (navigator.mediaDevices as { fakeForStories?: true }).fakeForStories) return;
  Object.assign(navigator.mediaDevices, {
    fakeForStories: true,
    getUserMedia: async (constraints?: MediaStreamConstraints) => {
      if (!fake && realGetUserMedia) {
        try { return await realGetUserMedia(constraints); } catch (e) {
          if ((e as DOMException).name !== 'NotFoundError') throw e; // no camera here: fall back to the pattern
        }
      }
      cameras++;
      return patternStream(`camera ${cameras}`, [230, 20, 140][(cameras - 1) % 3]);
    },
  });
}
