import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { createLoopbackNetwork } from '../src/core/index.js';
import './loopback.js';

/** `<p2p-peer>` owns a core Peer and shows its connection state; descendants find it through context. */
const meta: Meta = {
  title: 'Elements/p2p-peer',
  component: 'p2p-peer',
  args: { name: 'Ann', discoverable: true },
  render: (args) => html`<p2p-peer peer-id="ann" name=${args.name} ?discoverable=${args.discoverable}
      .transport=${createLoopbackNetwork().transport()}></p2p-peer>`,
};
export default meta;
type Story = StoryObj;

/** Connected to an in-page loopback network: state `open`. */
export const Open: Story = {};

/** The `strings` property overrides any text (here: German via `lang`). */
export const German: Story = {
  render: () => html`<div lang="de"><p2p-peer peer-id="anna" .transport=${createLoopbackNetwork().transport()}></p2p-peer></div>`,
};
