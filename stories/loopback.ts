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
    <section aria-label="Ann's side">
      <h3 style="margin:0 0 .5rem;font-size:1rem">Ann</h3>
      <p2p-peer peer-id=${ann.id} name=${ann.name} discoverable .transport=${ann.transport}>${side(ann, ben)}</p2p-peer>
    </section>
    <section aria-label="Ben's side">
      <h3 style="margin:0 0 .5rem;font-size:1rem">Ben</h3>
      <p2p-peer peer-id=${ben.id} name=${ben.name} discoverable .transport=${ben.transport}>${side(ben, ann)}</p2p-peer>
    </section>
  </div>`;
}

/** A moving test pattern as a MediaStream (no camera needed). */
export function patternStream(label = 'p2p-kit'): MediaStream {
  const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 180 });
  const ctx = canvas.getContext('2d')!;
  let frame = 0;
  const draw = () => {
    frame++;
    ctx.fillStyle = `hsl(${frame % 360} 60% 45%)`;
    ctx.fillRect(0, 0, 320, 180);
    ctx.fillStyle = '#fff';
    ctx.font = '24px system-ui';
    ctx.fillText(label, 20 + (frame % 200), 100);
    if (canvas.isConnected || frame < 100000) requestAnimationFrame(draw);
  };
  draw();
  return canvas.captureStream(30);
}
