import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// `vite build --mode cdn` (part of `npm run build`) makes the no-build bundle dist/cdn/p2p-kit.js:
// every tag defined, lit and msgpackr inside (production builds), minified; lazy chunks sit beside it
// and load relative to it. Plain `vite build` builds the demo into dist-demo/.
export default defineConfig(({ mode }) => mode === 'cdn'
  // Not lib mode: Vite leaves whitespace in lib-mode ES output (to keep pure annotations for
  // tree-shaking, pointless for a file loaded as is). `base: './'` + no preload keep chunks relative.
  ? { base: './', build: { target: 'es2022', outDir: r('dist/cdn'), emptyOutDir: true, minify: true, sourcemap: true, modulePreload: false,
      copyPublicDir: false,
      rolldownOptions: { input: r('src/index.ts'), preserveEntrySignatures: 'strict',
        output: { entryFileNames: 'p2p-kit.js', chunkFileNames: 'chunks/[name]-[hash].js' } } } }
  : { root: r('demo'), build: { target: 'es2022', outDir: r('dist-demo'), emptyOutDir: true } });
