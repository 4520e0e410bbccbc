import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { controlsFor, fromArgs } from './controls.js';
import { patternStream } from './loopback.js';

const { argTypes, args } = controlsFor('p2p-video', { output: ['has-stream', 'autoplay-blocked'] });
let pattern: MediaStream | undefined;
/** One pattern for all renders: a control change re-renders, and a new canvas each time would keep painting. */
const sharedPattern = () => (pattern ??= patternStream());

/** `<p2p-video>` renders a MediaStream; `has-stream` is reflected for CSS. */
const meta: Meta = {
  title: 'Elements/p2p-video',
  component: 'p2p-video',
  argTypes,
  args: { ...args, muted: true, label: 'Test pattern' },
  render: (a) => html`<p2p-video ${fromArgs('p2p-video', a)} style="width:480px;height:270px"
      .stream=${sharedPattern()}></p2p-video>`,
};
export default meta;
type Story = StoryObj;

/** A canvas test pattern as the stream. */
export const WithStream: Story = {};

/** Mirrored, as a self-view usually is. */
export const Mirrored: Story = { args: { mirrored: true } };

/** No stream yet: the element shows its placeholder. */
export const Empty: Story = {
  args: { label: 'Nobody yet' },
  render: (a) => html`<p2p-video ${fromArgs('p2p-video', a)} style="width:480px;height:270px"></p2p-video>`,
};
