/**
 * `npx vite examples/react19` (dev) or `npx vite build examples/react19`. Vite 8 compiles TSX with
 * its built-in Oxc transform; no React plugin is needed for a build (Fast Refresh would need one).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: { target: 'es2022' },
});
