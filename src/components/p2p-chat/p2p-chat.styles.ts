import { css } from 'lit';
import { hostStyles } from '../shared/styles.js';

export const chatStyles = [hostStyles, css`
  :host {
    --_out-bg: var(--p2p-chat-outgoing-background, var(--_accent));
    --_out-fg: var(--p2p-chat-outgoing-color, var(--_on-accent));
    --_in-bg: var(--p2p-chat-incoming-background, color-mix(in srgb, var(--_text) 8%, var(--_surface)));
    --_in-fg: var(--p2p-chat-incoming-color, var(--_text));
    display: flex; flex-direction: column; gap: var(--_gap);
    min-height: var(--p2p-chat-min-height, 16rem);
    max-height: var(--p2p-chat-max-height, 32rem);
    border: 1px solid var(--_border); border-radius: var(--_radius);
    background: var(--_surface); padding: var(--_gap);
  }
  [part='log'] { flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: 0.4em; padding: 0.25em; }
  .msg { max-width: 80%; padding: 0.4em 0.7em; border-radius: var(--_radius); }
  .msg.out { align-self: flex-end; background: var(--_out-bg); color: var(--_out-fg); }
  .msg.in { align-self: flex-start; background: var(--_in-bg); color: var(--_in-fg); }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; }
  .meta { display: block; font-size: 0.75em; opacity: 0.85; margin-block-start: 0.15em; }
  .empty, [part='typing'], [part='code'] { color: var(--_muted); font-size: 0.85em; margin: 0; }
  [part='code'] { font-variant-numeric: tabular-nums; }
  [part='composer'] { display: flex; gap: var(--_gap); align-items: flex-end; }
  /* min-width: 0: else the field keeps its intrinsic width (Firefox's is wider) and pushes Send out. */
  textarea { flex: 1; min-width: 0; resize: none; min-height: 2.4em; }
`];
