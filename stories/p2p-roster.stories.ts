import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { createLoopbackNetwork } from '../src/core/index.js';
import './loopback.js';

/** `<p2p-roster>` lists discoverable peers live (presence) and fires `p2p-select` for its buttons. */
const meta: Meta = {
  title: 'Elements/p2p-roster',
  component: 'p2p-roster',
  args: { actions: 'call chat file' },
  render: (args) => {
    const net = createLoopbackNetwork();
    const others = ['Ben', 'Chloé', 'Dmitri <script>'].map((name, i) => html`<p2p-peer peer-id=${`p${i}`} name=${name}
        discoverable no-status .transport=${net.transport()}></p2p-peer>`);
    return html`<p2p-peer peer-id="ann" name="Ann" discoverable .transport=${net.transport()}>
        <p2p-roster actions=${args.actions} @p2p-select=${(e: Event & { peerId: string; action: string }) =>
          console.info('p2p-select', e.peerId, e.action)}></p2p-roster>
      </p2p-peer>${others}`;
  },
};
export default meta;
type Story = StoryObj;

/** Three other peers online (one with a hostile-looking name, rendered as text). */
export const ThreePeers: Story = {};

/** Only a chat button per peer. */
export const ChatOnly: Story = { args: { actions: 'chat' } };
