import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/define/p2p-video.js';
import type { P2PVideoElement } from '../../src/components/p2p-video/p2p-video.js';

/** The shared host sheet, seen through <p2p-video>'s unmute button (a primary button). */
describe('theming (shared host styles)', () => {
  let el: P2PVideoElement;
  const button = () => el.shadowRoot!.querySelector<HTMLButtonElement>('[part=unmute]')!;
  beforeEach(async () => {
    el = await fixture<P2PVideoElement>(html`<p2p-video></p2p-video>`);
    el.autoplayBlocked = true;
    await el.updateComplete;
  });
  afterEach(() => emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' }));

  it('has light and dark defaults by prefers-color-scheme', async () => {
    // Without motion, so the color switches at once instead of transitioning. (Each emulateMedia
    // call replaces all emulated features, so both are always given.)
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    expect(getComputedStyle(button()).backgroundColor).to.equal('rgb(10, 88, 202)');
    await emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    expect(getComputedStyle(button()).backgroundColor).to.equal('rgb(68, 147, 248)');
  });

  it('takes --p2p-* custom properties from the page, in both schemes', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    el.style.setProperty('--p2p-color-accent', 'rgb(1, 2, 3)');
    expect(getComputedStyle(button()).backgroundColor).to.equal('rgb(1, 2, 3)');
    await emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    expect(getComputedStyle(button()).backgroundColor).to.equal('rgb(1, 2, 3)');
  });

  it('drops transitions under prefers-reduced-motion', async () => {
    expect(getComputedStyle(button()).transitionDuration).to.not.match(/^0s(, 0s)*$/);
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(button()).transitionDuration).to.match(/^0s(, 0s)*$/);
  });
});
