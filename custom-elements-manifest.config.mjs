// `cem analyze` reads the elements' JSDoc (@fires, @csspart, @cssprop, reflected attributes) into custom-elements.json.
export default { globs: ['src/components/**/*.ts'], exclude: ['src/server/**', 'src/core/**', '**/*.test.ts'], outdir: '.', litelement: true };
