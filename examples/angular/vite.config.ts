/**
 * `npx vite examples/angular` (dev) or `npx vite build examples/angular`. Angular's decorators are
 * TypeScript's legacy ones; Vite 8 (Oxc) lowers them (`experimentalDecorators` in the root
 * tsconfig.json, said here too so the example stands alone). Templates compile in the browser (JIT).
 * A production build turns Angular's development checks off (`ngDevMode`), as the Angular CLI does.
 */
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => ({
  oxc: { decorator: { legacy: true } },
  define: mode === 'production' ? { ngDevMode: 'false' } : {},
  build: { target: 'es2022' },
}));
