import { setCustomElementsManifest } from '@storybook/web-components-vite';
import type { Preview } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json' with { type: 'json' };

setCustomElementsManifest(manifest);

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    a11y: { test: 'error' },
    controls: { expanded: true },
    // Each story file gets its rows from stories/controls.ts (also from custom-elements.json, but
    // with working controls first and no dead ones); Storybook's own rows would come back on top.
    docs: { extractArgTypes: () => null },
  },
};
export default preview;
