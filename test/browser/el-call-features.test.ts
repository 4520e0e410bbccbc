// <p2p-call> by feature detection: what it offers follows what the browser has, not its name.
import { expect } from '@open-wc/testing';
import '../../src/define/p2p-call.js';
import type { P2PCallElement } from '../../src/components/p2p-call/p2p-call.js';
import type { P2PIncomingCallEvent } from '../../src/components/p2p-call/p2p-call.events.js';
import { nextEvent, pair, type Pair } from './el-call-helpers.js';

const labels = (el: HTMLElement): string[] => [...el.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent!.trim());

describe('<p2p-call> feature detection', () => {
  let p: Pair<P2PCallElement> | undefined;
  const real = Object.getOwnPropertyDescriptor(MediaDevices.prototype, 'getDisplayMedia');
  afterEach(() => { p?.close(); p = undefined; if (real) Object.defineProperty(MediaDevices.prototype, 'getDisplayMedia', real); });

  it('offers "Share screen" only where getDisplayMedia exists (mobile Safari has none); shareScreen(stream) still works', async () => {
    p = await pair('p2p-call');
    const ringing = nextEvent<P2PIncomingCallEvent>(p.b, 'p2p-incoming-call');
    const started = p.a.start();
    await ringing;
    await Promise.all([started, p.b.answer()]);
    await p.a.updateComplete;
    expect(labels(p.a)).to.include('Share screen');
    delete (MediaDevices.prototype as Partial<MediaDevices>).getDisplayMedia;
    p.a.requestUpdate();
    await p.a.updateComplete;
    expect(labels(p.a)).to.not.include('Share screen');
    expect(labels(p.a)).to.include('Hang up');
    const canvas = document.createElement('canvas');
    canvas.getContext('2d')!.fillRect(0, 0, 10, 10);
    await p.a.shareScreen(canvas.captureStream(5));
    await p.a.updateComplete;
    expect(labels(p.a)).to.include('Stop sharing'); // a share started from code can be stopped
  });
});
