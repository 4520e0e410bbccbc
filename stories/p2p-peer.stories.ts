import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { createLoopbackNetwork } from '../src/core/index.js';
import { controlsFor, fromArgs } from './controls.js';
import './loopback.js';

// `server` and `key` pick a signalling server; the stories use the in-page loopback instead.
const { argTypes, args } = controlsFor('p2p-peer', { fixed: ['server', 'key'], output: ['state'] });

/** `<p2p-peer>` owns a core Peer and shows its connection state; descendants find it through context. */
const meta: Meta = {
  title: 'Elements/p2p-peer',
  component: 'p2p-peer',
  argTypes,
  args: { ...args, 'peer-id': 'ann', name: 'Ann', discoverable: true },
  render: (a) => html`<p2p-peer ${fromArgs('p2p-peer', a, ['server', 'key'])}
      .transport=${createLoopbackNetwork().transport()}></p2p-peer>`,
};
export default meta;
type Story = StoryObj;

/** Connected to an in-page loopback network: state `open`. */
export const Open: Story = {};

/** Texts follow the nearest `lang` (here German); the `strings` property overrides any of them. */
export const German: Story = {
  args: { 'peer-id': 'anna', name: 'Anna' },
  render: (a) => html`<div lang="de"><p2p-peer ${fromArgs('p2p-peer', a, ['server', 'key'])}
      .transport=${createLoopbackNetwork().transport()}></p2p-peer></div>`,
};
