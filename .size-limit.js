// Size budgets (`npm run -s size`, part of `npm test` after the build): min+gzip of what a page loads
// first. Every dynamic import() is a lazy chunk and left out (the MsgPack serializer with msgpackr on the
// first MsgPack connection, the binary one with binarypack, the room mesh on join); static imports, also
// of the no-build bundle's shared ./chunks/*, count. Limits are today's sizes plus ~2%: growing past one
// fails the check; bench/results.md has the figures against the targets (all tags ≤ 40 kB, core ≤ PeerJS).
const lazyImports = { name: 'lazy-imports', setup(build) { build.onResolve({ filter: /.*/ }, (a) => (a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined)); } };
const lazy = (config) => ({ ...config, plugins: [lazyImports, ...(config.plugins ?? [])] });
const entry = (name, path, imp, limit) => ({ name, path, import: imp, gzip: true, limit, modifyEsbuildConfig: lazy });
/** Per-element budgets (kB). */
const tags = { 'p2p-call': '17 kB', 'p2p-chat': '15.5 kB', 'p2p-file-drop': '22.4 kB', 'p2p-peer': '25 kB', 'p2p-roster': '11.5 kB', 'p2p-video': '8.9 kB', 'p2p-room': '14.2 kB' };

export default [
  entry('no-build bundle dist/cdn/p2p-kit.js, first load', 'dist/cdn/p2p-kit.js', '*', '56.5 kB'),
  entry('npm entry p2p-kit (all tags with lit) through a bundler, first load', 'dist/index.js', '*', '54.9 kB'),
  entry('core { Peer } through a bundler, first load', 'dist/core/index.js', '{ Peer }', '14.6 kB'),
  ...Object.entries(tags).map(([t, limit]) => entry(`<${t}> alone (p2p-kit/define/${t}.js) through a bundler, first load`, `dist/define/${t}.js`, '*', limit)),
];
