import { css } from 'lit';
import { hostStyles } from '../shared/styles.js';

export const styles = [hostStyles, css`
  :host { display: block; --_tile-min: var(--p2p-room-tile-min-width, 14em); --_speaking: var(--p2p-room-speaking-color, var(--_accent)); }
  [part='grid'] { display: grid; gap: var(--_gap); grid-template-columns: repeat(auto-fit, minmax(min(var(--_tile-min), 100%), 1fr)); }
  [part~='tile'] { position: relative; aspect-ratio: 16 / 9; border-radius: var(--_radius); overflow: hidden; background: #000; outline: 2px solid transparent; }
  [part~='tile']:focus-visible { outline-color: var(--_accent); }
  [part~='tile'][data-pinned] { grid-column: 1 / -1; }
  [part~='tile'] p2p-video { width: 100%; height: 100%; }
  [part='name'] { position: absolute; inset-inline-start: 0.4em; bottom: 0.4em; padding: 0.1em 0.4em; border-radius: 0.3em; background: rgb(0 0 0 / 0.6); color: #fff; font-size: 0.85em; }
  [part='controls'] { display: flex; flex-wrap: wrap; gap: var(--_gap); margin-top: var(--_gap); }
  [part='status'] { margin: 0.25em 0; color: var(--_muted); }
`];
