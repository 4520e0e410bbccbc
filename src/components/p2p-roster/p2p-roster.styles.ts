import { css } from 'lit';
import { hostStyles } from '../shared/styles.js';

export const rosterStyles = [hostStyles, css`
  :host { display: block; }
  [part='list'] { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.25em; }
  [part='peer'] {
    display: flex; flex-wrap: wrap; align-items: center; gap: var(--_gap); padding: 0.35em 0.5em;
    border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface);
  }
  .name { flex: 1 1 6em; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .avatar {
    width: 1.8em; height: 1.8em; border-radius: 50%; display: grid; place-items: center; flex: none;
    background: var(--p2p-roster-avatar-background, var(--_accent)); color: var(--_on-accent); font-weight: 600;
  }
  [part='actions'] { display: flex; flex-wrap: wrap; gap: 0.25em; margin-inline-start: auto; }
  [part='empty'] { color: var(--_muted); margin: 0; }
`];
