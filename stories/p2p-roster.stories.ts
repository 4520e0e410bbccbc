import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { createLoopbackNetwork } from '../src/core/index.js';
import { controlsFor, fromArgs } from './controls.js';
import './loopback.js';

const { argTypes, args } = controlsFor('p2p-roster', { fixed: ['peer'], output: ['count'] });

/** `<p2p-roster>` lists discoverable peers live (presence) and fires `p2p-select` for its buttons (see Actions). */
const meta: Meta = {
  title: 'Elements/p2p-roster',
  component: 'p2p-roster',
  argTypes,
  args,
  render: (a) => {
    const net = createLoopbackNetwork();
    const others = ['Ben', 'Chloé', 'Dmitri <script>'].map((name, i) => html`<p2p-peer peer-id=${`p${i}`} name=${name}
        discoverable no-status .transport=${net.transport()}></p2p-peer>`);
    return html`<p2p-peer peer-id="ann" name="Ann" discoverable .transport=${net.transport()}>
        <p2p-roster ${fromArgs('p2p-roster', a)}></p2p-roster>
      </p2p-peer>${others}`;
  },
};
export default meta;
type Story = StoryObj;

/** Three other peers online (one with a hostile-looking name, rendered as text). */
export const ThreePeers: Story = {};

/** Only a chat button per peer. */
export const ChatOnly: Story = { args: { actions: 'chat' } };
