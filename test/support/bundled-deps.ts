/**
 * web-test-runner plugin: serves selected npm packages as one esbuild bundle. Needed for stock
 * `peerjs`: its ESM build imports `webrtc-adapter`, which imports the CommonJS-only `sdp`, and the
 * dev server's node-resolve does not convert CommonJS ("does not provide an export named 'default'").
 */
import { build } from 'esbuild';

interface ServeContext { path: string }

/** `entries` maps the served path (as node-resolve rewrites the bare import) to a package specifier. */
export function bundledDeps(entries: Record<string, string> = { '/node_modules/peerjs/dist/bundler.mjs': 'peerjs' }) {
  const cache = new Map<string, Promise<string>>();
  return {
    name: 'bundled-deps',
    async serve(context: ServeContext): Promise<{ body: string; type: string } | undefined> {
      const spec = entries[context.path];
      if (!spec) return undefined;
      if (!cache.has(spec)) {
        cache.set(spec, build({ entryPoints: [spec], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false })
          .then((r) => r.outputFiles[0]!.text));
      }
      return { body: await cache.get(spec)!, type: 'js' };
    },
  };
}
