// `npm run build` (also `prepack`): everything the package ships, from a clean dist/.
// 1. tsc: src/ → dist/ (ES2022 + .d.ts + maps, decorators lowered), 2. vite: the no-build bundle
// dist/cdn/, 3. cem analyze: custom-elements.json and the editor/framework data in dist/.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const run = (name, ...args) => execFileSync(bin(name), args, { cwd: root, stdio: 'inherit' });

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
run('tsc', '-p', 'tsconfig.build.json');
chmodSync(new URL('../dist/server/cli.js', import.meta.url), 0o755);
run('vite', 'build', '--mode', 'cdn', '--logLevel', 'warn');
run('cem', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet');
