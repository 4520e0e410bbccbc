import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { sideBySide } from './loopback.js';

/** `<p2p-chat>` between two peers in this page: receipts and typing indicator work live. */
const meta: Meta = {
  title: 'Elements/p2p-chat',
  component: 'p2p-chat',
  args: { showCode: false },
  render: (args) => sideBySide((_me, other) => html`<p2p-chat remote=${other.id} remote-name=${other.name}
      ?show-code=${args.showCode} style="height:320px"></p2p-chat>`),
};
export default meta;
type Story = StoryObj;

/** Type on either side; the other side shows it, with delivered/read receipts. */
export const TwoPeers: Story = {};

/** With the verification code both people can compare. */
export const WithVerificationCode: Story = { args: { showCode: true } };
