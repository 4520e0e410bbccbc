import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { controlsFor, fromArgs } from './controls.js';
import { sideBySide } from './loopback.js';
import { bothSides, typeAndSend, until } from './play.js';
import type { P2PChatElement } from '../src/index.js';

const { argTypes, args } = controlsFor('p2p-chat', { fixed: ['remote', 'remote-name', 'peer'], output: ['state', 'remote-typing'] });

const delivered = (chat: P2PChatElement, text: string) =>
  chat.messages.some((m) => m.direction === 'out' && m.text === text && (m.status === 'delivered' || m.status === 'read'));
const received = (chat: P2PChatElement, text: string) => chat.messages.some((m) => m.direction === 'in' && m.text === text);

/**
 * `<p2p-chat>` between two peers in this page: the story types a message on Ann's side, Ben's
 * side shows it and Ben answers; receipts and the typing indicator work live.
 */
const meta: Meta = {
  title: 'Elements/p2p-chat',
  component: 'p2p-chat',
  argTypes,
  args: { ...args, '--p2p-chat-min-height': '14rem' },
  render: (a) => sideBySide((_me, other) => html`<p2p-chat ${fromArgs('p2p-chat', a)} remote=${other.id}
      remote-name=${other.name}></p2p-chat>`),
  play: async ({ canvasElement }) => {
    const [ann, ben] = await bothSides<P2PChatElement>(canvasElement, 'p2p-chat');
    const hello = 'Hi Ben! This goes peer to peer, no server.';
    await typeAndSend(ann, hello);
    await until('Ben got it and Ann sees it delivered', () => received(ben, hello) && delivered(ann, hello));
    const reply = 'Hi Ann, got it!';
    await typeAndSend(ben, reply);
    await until('Ann got the reply', () => received(ann, reply) && delivered(ben, reply));
  },
};
export default meta;
type Story = StoryObj;

/** Ann writes, Ben answers; type on either side to go on. */
export const TwoPeers: Story = {};

/** With the verification code both people can compare. */
export const WithVerificationCode: Story = {
  args: { 'show-code': true },
  play: async (ctx) => {
    await meta.play!(ctx);
    const [ann, ben] = await bothSides<P2PChatElement>(ctx.canvasElement, 'p2p-chat');
    await until('the same code on both sides', () => !!ann.code && ann.code === ben.code);
  },
};
