import { css } from 'lit';
import { hostStyles } from '../shared/index.js';

/** `<p2p-file-drop>` styles: the shared host sheet, then the drop zone and the transfer list. */
export const styles = [hostStyles, css`
  :host {
    display: block;
    --_zone-min-height: var(--p2p-file-drop-zone-min-height, 6rem);
    --_dragging: var(--p2p-file-drop-dragging-color, color-mix(in srgb, var(--_accent) 12%, transparent));
  }
  .drop-zone {
    display: flex; flex-wrap: wrap; align-items: center; justify-content: center; gap: var(--_gap);
    min-height: var(--_zone-min-height);
    padding: calc(var(--_gap) * 2);
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
    color: var(--_muted);
    transition: background var(--_transition), border-color var(--_transition);
  }
  :host([dragging]) .drop-zone { border-color: var(--_accent); background: var(--_dragging); }
  :host([disabled]) .drop-zone { opacity: 0.6; }
  ul { list-style: none; margin: var(--_gap) 0 0; padding: 0; display: grid; gap: var(--_gap); }
  .offers li {
    display: flex; flex-wrap: wrap; align-items: center; gap: var(--_gap);
    padding: var(--_gap); border: 1px solid var(--_accent); border-radius: var(--_radius);
  }
  .offers .text { flex: 1 1 12rem; overflow-wrap: anywhere; }
  .transfer { padding: var(--_gap); border: 1px solid var(--_border); border-radius: var(--_radius); }
  .row { display: flex; flex-wrap: wrap; align-items: center; gap: var(--_gap); justify-content: space-between; }
  .name { font-weight: 600; overflow-wrap: anywhere; }
  .meta, .status { color: var(--_muted); font-size: 0.875em; }
  progress { width: 100%; height: 0.5rem; accent-color: var(--_accent); }
  .transfer[data-state='failed'] .status, .transfer[data-state='cancelled'] .status { color: var(--_danger); }
  .transfer[data-state='done'] .status { color: var(--_success); }
  a.p2p-button { text-decoration: none; }
`];
