import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { sideBySide } from './loopback.js';

/** `<p2p-call>`: a full 1:1 call between two instances in this page (camera/mic asked on start). */
const meta: Meta = {
  title: 'Elements/p2p-call',
  component: 'p2p-call',
  args: { showCode: false, ringTimeout: 30000 },
  render: (args) => sideBySide((_me, other) => html`<p2p-call remote=${other.id} ?show-code=${args.showCode}
      ring-timeout=${args.ringTimeout}></p2p-call>`),
};
export default meta;
type Story = StoryObj;

/** Press "Call Ben" on Ann's side, then Accept on Ben's. */
export const TwoPeers: Story = {};

/** With the verification code shown once the call is up. */
export const WithVerificationCode: Story = { args: { showCode: true } };
