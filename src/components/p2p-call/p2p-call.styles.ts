import { css } from 'lit';
import { hostStyles } from '../shared/index.js';

/** `<p2p-call>` styles: the shared host sheet, then the stage (remote video with a local preview) and the controls. */
export const styles = [hostStyles, css`
  :host { display: block; --_local-width: var(--p2p-call-local-width, 30%); }
  .stage { position: relative; }
  .remote { width: 100%; }
  .local {
    position: absolute; right: var(--_gap); bottom: var(--_gap); width: var(--_local-width);
    box-shadow: 0 0 0 2px var(--_surface);
  }
  .status { margin: var(--_gap) 0; color: var(--_muted); }
  :host([state='failed']) .status { color: var(--_danger); }
  .code { margin: 0 0 var(--_gap); font-variant-numeric: tabular-nums; font-weight: 600; }
  .controls { display: flex; flex-wrap: wrap; gap: var(--_gap); align-items: center; }
  button[aria-pressed='true'] { border-color: var(--_accent); }
  .picker { display: inline-flex; gap: 0.3em; align-items: center; color: var(--_muted); }
  select { font: inherit; color: var(--_text); background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); }
`];
