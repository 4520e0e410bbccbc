import { css } from 'lit';
import { hostStyles } from '../shared/styles.js';

export const peerStyles = [hostStyles, css`
  :host { display: block; }
  [part='status'] {
    display: inline-flex; align-items: center; gap: 0.4em;
    color: var(--_muted); font-size: 0.875em; margin-block-end: var(--_gap);
  }
  .dot {
    width: 0.6em; height: 0.6em; border-radius: 50%;
    background: var(--p2p-peer-dot-color, var(--_muted));
    transition: background var(--_transition);
  }
  :host([state='open']) .dot { background: var(--p2p-peer-dot-color, var(--_success)); }
  :host([state='failed']) .dot { background: var(--p2p-peer-dot-color, var(--_danger)); }
  :host([no-status]) [part='status'] { display: none; }
`];
