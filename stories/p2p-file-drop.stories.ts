import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { sideBySide } from './loopback.js';

/** `<p2p-file-drop>`: drop or pick files on one side; the other side accepts, progress shows on both. */
const meta: Meta = {
  title: 'Elements/p2p-file-drop',
  component: 'p2p-file-drop',
  args: { autoAccept: false },
  render: (args) => sideBySide((_me, other) => html`<p2p-file-drop remote=${other.id} ?auto-accept=${args.autoAccept}></p2p-file-drop>`),
};
export default meta;
type Story = StoryObj;

/** The receiver is asked before any byte flows. */
export const AskFirst: Story = {};

/** `auto-accept`: transfers start at once. */
export const AutoAccept: Story = { args: { autoAccept: true } };
