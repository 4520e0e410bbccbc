// `cem analyze` reads the elements' JSDoc (@fires, @csspart, @cssprop, reflected attributes) into
// custom-elements.json, and its plugins write editor and framework data from it into dist/ (shipped;
// `npm run build` runs this after tsc): VS Code html custom data, JetBrains web-types, React 19 JSX
// IntrinsicElements, Vue GlobalComponents. Type imports name the package's own entry `p2p-kit`.
import { customElementVsCodePlugin } from 'custom-element-vs-code-integration';
import { customElementJetBrainsPlugin } from 'custom-element-jet-brains-integration';
import { jsxTypesPlugin } from '@wc-toolkit/jsx-types';
import { customElementVuejsPlugin } from 'custom-element-vuejs-integration';
import { fixTypingsPlugin } from './scripts/build-types.mjs';

const outdir = 'dist';
const quiet = { hideLogs: true };
/** CEM module paths are sources (`src/…ts`); the package ships `dist/…js`. */
const shipped = (_name, modulePath) => modulePath.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');

export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/server/**', 'src/core/**', '**/*.test.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    customElementVsCodePlugin({ ...quiet, outdir, htmlFileName: 'vscode.html-custom-data.json', cssFileName: 'vscode.css-custom-data.json' }),
    customElementJetBrainsPlugin({ ...quiet, outdir, webTypesFileName: 'web-types.json', modulePathTemplate: shipped }),
    jsxTypesPlugin({ ...quiet, outdir, fileName: 'jsx.d.ts', globalTypePath: 'p2p-kit', stronglyTypedEvents: true }),
    customElementVuejsPlugin({ ...quiet, outdir, fileName: 'vue.d.ts', globalTypePath: 'p2p-kit' }),
    fixTypingsPlugin([`${outdir}/jsx.d.ts`, `${outdir}/vue.d.ts`]),
  ],
};
