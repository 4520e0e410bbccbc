import { css } from 'lit';
import { hostStyles } from '../shared/styles.js';

export const videoStyles = [hostStyles, css`
  :host {
    --_bg: var(--p2p-video-background, #000);
    --_video-radius: var(--p2p-video-radius, var(--_radius));
    display: block;
    position: relative;
    aspect-ratio: var(--p2p-video-aspect-ratio, 16 / 9);
    background: var(--_bg);
    border-radius: var(--_video-radius);
    overflow: hidden;
  }
  video { display: block; width: 100%; height: 100%; object-fit: contain; background: var(--_bg); }
  :host([fit='cover']) video { object-fit: cover; }
  :host([mirrored]) video { transform: scaleX(-1); }
  :host(:not([has-stream])) video { visibility: hidden; }
  .unmute {
    position: absolute; inset-block-end: var(--_gap); inset-inline-start: 50%; translate: -50% 0;
  }
`];
