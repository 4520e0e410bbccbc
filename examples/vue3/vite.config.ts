/**
 * `npx vite examples/vue3` (dev) or `npx vite build examples/vue3`. Without `isCustomElement`, Vue
 * would try to resolve `<p2p-chat>` as a Vue component and warn "Failed to resolve component".
 */
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('p2p-') } } })],
  build: { target: 'es2022' },
});
