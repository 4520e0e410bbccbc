import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { waitFor } from 'storybook/test';
import { controlsFor, fromArgs } from './controls.js';
import { group, useFakeMedia } from './loopback.js';
import { press, until } from './play.js';
import type { P2PRoomElement } from '../src/index.js';

const { argTypes, args } = controlsFor('p2p-room', {
  fixed: ['room', 'name', 'peer'], output: ['state', 'count', 'muted', 'camera-off', 'screen-sharing'] });

const MEMBERS = ['Ann', 'Ben', 'Cy'];

/**
 * `<p2p-room>`: a three-member mesh room in this page over the in-page loopback network (which
 * speaks rooms like our server). The story presses Join for Ann, Ben and Cy; each then sees three
 * tiles, two of them the others' live video. The cameras are canvas test patterns unless
 * "fakeCamera" is off.
 */
const meta: Meta = {
  title: 'Elements/p2p-room',
  component: 'p2p-room',
  argTypes: { ...argTypes, fakeCamera: { control: 'boolean', description: 'Story only: canvas test patterns instead of the camera.', table: { category: 'story' } } },
  args: { ...args, fakeCamera: true },
  render: (a) => {
    useFakeMedia(a.fakeCamera as boolean);
    return group(MEMBERS, (me) => html`<p2p-room ${fromArgs('p2p-room', a)} room="story" name=${me.name}></p2p-room>`);
  },
  play: async ({ canvasElement }) => {
    const rooms = await waitFor(() => {
      const els = [...canvasElement.querySelectorAll<P2PRoomElement>('p2p-room')];
      if (els.length !== MEMBERS.length || els.some((r) => !r.shadowRoot)) throw new Error('rooms not rendered yet');
      return els;
    }, { timeout: 20000 });
    for (const room of rooms) {
      await until(`${room.name}'s peer is open`, () => room.closest('p2p-peer')?.getAttribute('state') === 'open');
      await press(room, /^\s*Join\s*$/);
      await until(`${room.name} joined`, () => room.state === 'joined');
    }
    await until('everyone sees three members', () => rooms.every((r) => r.count === MEMBERS.length));
  },
};
export default meta;
type Story = StoryObj;

/** Ann, Ben and Cy join one room; mute, camera, screen share and leave work on every side. */
export const ThreeMembers: Story = {};
