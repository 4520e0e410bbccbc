import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { controlsFor, fromArgs } from './controls.js';
import { sideBySide, useFakeMedia } from './loopback.js';
import { bothSides, press, until } from './play.js';
import type { P2PCallElement } from '../src/index.js';

const { argTypes, args } = controlsFor('p2p-call', {
  fixed: ['remote', 'remote-name', 'peer'], output: ['state', 'end-reason', 'screen-sharing'] });

/**
 * `<p2p-call>`: a full 1:1 call between two instances in this page. The story calls by itself:
 * Ann presses "Call Ben", Ben presses Accept, and both see each other's video. The cameras are
 * canvas test patterns unless "fakeCamera" is off (then your camera, if you have one).
 */
const meta: Meta = {
  title: 'Elements/p2p-call',
  component: 'p2p-call',
  argTypes: { ...argTypes, fakeCamera: { control: 'boolean', description: 'Story only: canvas test patterns instead of the camera.', table: { category: 'story' } } },
  args: { ...args, fakeCamera: true },
  render: (a) => {
    useFakeMedia(a.fakeCamera as boolean);
    return sideBySide((_me, other) => html`<p2p-call ${fromArgs('p2p-call', a)} remote=${other.id}
      remote-name=${other.name}></p2p-call>`);
  },
  play: async ({ canvasElement }) => {
    const [ann, ben] = await bothSides<P2PCallElement>(canvasElement, 'p2p-call');
    await press(ann, /^\s*Call Ben\s*$/);
    await press(ben, /^\s*Accept\s*$/);
    await until('call active on both sides', () => ann.state === 'active' && ben.state === 'active');
  },
};
export default meta;
type Story = StoryObj;

/** Ann calls Ben and Ben accepts; hang up and call again from either side. */
export const Connected: Story = {};

/** With the verification code both sides can compare once the call is up. */
export const WithVerificationCode: Story = {
  args: { 'show-code': true },
  play: async (ctx) => {
    await meta.play!(ctx);
    const [ann, ben] = await bothSides<P2PCallElement>(ctx.canvasElement, 'p2p-call');
    await until('the same code on both sides', () => !!ann.verificationCode && ann.verificationCode === ben.verificationCode);
  },
};
