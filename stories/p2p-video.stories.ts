import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { patternStream } from './loopback.js';

/** `<p2p-video>` renders a MediaStream; `has-stream` is reflected for CSS. */
const meta: Meta = {
  title: 'Elements/p2p-video',
  component: 'p2p-video',
  args: { muted: true, mirrored: false, fit: 'contain', label: 'Test pattern' },
  argTypes: { fit: { control: 'inline-radio', options: ['contain', 'cover'] } },
  render: (args) => html`<p2p-video style="width:480px;height:270px" .stream=${patternStream()} ?muted=${args.muted}
      ?mirrored=${args.mirrored} fit=${args.fit} label=${args.label}></p2p-video>`,
};
export default meta;
type Story = StoryObj;

/** A canvas test pattern as the stream. */
export const WithStream: Story = {};

/** Mirrored, as a self-view usually is. */
export const Mirrored: Story = { args: { mirrored: true } };

/** No stream yet: the element shows its placeholder. */
export const Empty: Story = {
  render: () => html`<p2p-video style="width:480px;height:270px" label="Nobody yet"></p2p-video>`,
};
