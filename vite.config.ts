import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// `vite build --mode lib` builds the package; plain `vite build` builds the demo into dist-demo/.
export default defineConfig(({ mode }) => mode === 'lib'
  ? { build: { target: 'es2022', outDir: r('dist'), emptyOutDir: true,
      lib: { entry: { 'p2p-kit': r('src/index.ts'), core: r('src/core/index.ts') }, formats: ['es'] },
      rolldownOptions: { external: [/^lit(\/|$)/, /^@lit\//, 'msgpackr'] } } }
  : { root: r('demo'), build: { target: 'es2022', outDir: r('dist-demo'), emptyOutDir: true } });
