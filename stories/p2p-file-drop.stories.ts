import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { controlsFor, fromArgs } from './controls.js';
import { sideBySide } from './loopback.js';
import { bothSides, pick, press, sampleFile, until } from './play.js';
import type { P2PFileDropElement } from '../src/index.js';

const { argTypes, args } = controlsFor('p2p-file-drop', { fixed: ['remote', 'remote-name', 'peer'], output: ['dragging', 'busy'] });

const done = (drop: P2PFileDropElement, name: string) => drop.transfers.some((t) => t.name === name && t.state === 'done');

/**
 * `<p2p-file-drop>`: drop or pick files on one side; the other side accepts, progress shows on
 * both. The story sends a small generated file from Ann to Ben by itself.
 */
const meta: Meta = {
  title: 'Elements/p2p-file-drop',
  component: 'p2p-file-drop',
  argTypes,
  args,
  render: (a) => sideBySide((_me, other) => html`<p2p-file-drop ${fromArgs('p2p-file-drop', a)} remote=${other.id}
      remote-name=${other.name}></p2p-file-drop>`),
  play: async ({ canvasElement, args: a }) => {
    const [ann, ben] = await bothSides<P2PFileDropElement>(canvasElement, 'p2p-file-drop');
    const name = 'notes-from-ann.txt';
    await pick(ann, sampleFile(name));
    if (!a['auto-accept']) await press(ben, /^\s*Accept\s*$/);
    await until('the file is done on both sides', () => done(ann, name) && done(ben, name));
  },
};
export default meta;
type Story = StoryObj;

/** The receiver is asked before any byte flows (the story presses Accept on Ben's side). */
export const AskFirst: Story = {};

/** `auto-accept`: transfers start at once. */
export const AutoAccept: Story = { args: { 'auto-accept': true } };
