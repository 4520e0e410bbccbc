/**
 * Bundle sizes (issue 6, item 5): minified + gzip (level 9) bytes of what a user ships, built with
 * Vite/rolldown from the public entries with every dependency bundled (lit included), against
 * PeerJS as published (`peerjs.min.js`) and as an ES bundle with and without its MsgPack serializer.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';

const ROOT = new URL('..', import.meta.url).pathname;

/**
 * `gz`: every chunk the entry can load (its lazy chunks included); `eagerGz`: only what a page must load
 * before the entry runs (the entry chunk and the chunks it imports statically).
 */
export interface BundleSize { entry: string; min: number | null; gz: number | null; eagerGz?: number | null; note?: string }

const gz = (code: string | Uint8Array): number => gzipSync(code, { level: 9 }).length;

/** Bundles one entry module (all its exports kept) and measures the JS it emits. */
async function measure(entry: string): Promise<{ min: number; gz: number; eagerGz: number }> {
  const out = await build({
    configFile: false, logLevel: 'silent', root: ROOT,
    build: {
      write: false, target: 'es2022', minify: true, reportCompressedSize: false, modulePreload: false,
      rolldownOptions: { input: entry, preserveEntrySignatures: 'strict' },
    },
  }) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const chunks = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output)
    .filter((c): c is Rollup.OutputChunk => c.type === 'chunk');
  const code = chunks.map((c) => c.code).join('\n');
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const eager = new Set<Rollup.OutputChunk>();
  const visit = (c: Rollup.OutputChunk | undefined): void => {
    if (!c || eager.has(c)) return;
    eager.add(c);
    for (const f of c.imports) visit(byName.get(f));
  };
  for (const c of chunks) if (c.isEntry) visit(c);
  return { min: Buffer.byteLength(code), gz: gz(code), eagerGz: gz([...eager].map((c) => c.code).join('\n')) };
}

async function sizeOf(label: string, entry: string): Promise<BundleSize> {
  if (!existsSync(entry)) return { entry: label, min: null, gz: null, note: 'missing' };
  try {
    return { entry: label, ...(await measure(entry)) };
  } catch (e) {
    return { entry: label, min: null, gz: null, note: `build failed: ${String((e as Error).message).split('\n').slice(0, 3).join(' ').slice(0, 200)}` };
  }
}

/** The shipped no-build bundle dist/cdn/p2p-kit.js as built (already minified), with its lazy chunks. */
function cdnSize(): BundleSize {
  const dir = join(ROOT, 'dist/cdn');
  if (!existsSync(join(dir, 'p2p-kit.js'))) return { entry: 'dist/cdn/p2p-kit.js', min: null, gz: null, note: 'missing: npm run build' };
  const main = readFileSync(join(dir, 'p2p-kit.js'), 'utf8');
  const chunks = readdirSync(join(dir, 'chunks')).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(dir, 'chunks', f), 'utf8'));
  const all = [main, ...chunks].join('\n');
  return { entry: 'dist/cdn/p2p-kit.js', min: Buffer.byteLength(all), gz: gz(all), eagerGz: gz(main) };
}

/** Every size the table needs: `kit.*` entries of ours and `peerjs.*` baselines. */
export async function runBundles(): Promise<Record<string, BundleSize>> {
  // Inside node_modules, so bare imports resolve; git and lint ignore it.
  await mkdir(join(ROOT, 'node_modules/.cache'), { recursive: true });
  const tmp = await mkdtemp(join(ROOT, 'node_modules/.cache/p2p-kit-bench-'));
  try {
    const peerjsEntry = join(tmp, 'peerjs.js');
    const peerjsMsgpackEntry = join(tmp, 'peerjs-msgpack.js');
    await writeFile(peerjsEntry, "export { Peer } from 'peerjs';\n");
    await writeFile(peerjsMsgpackEntry, "export { Peer } from 'peerjs';\nexport * from 'peerjs/dist/serializer.msgpack.mjs';\n");
    // What a PeerJS app switching imports ships: the same one export as the PeerJS baseline.
    const kitPeerEntry = join(tmp, 'kit-peer.js');
    await writeFile(kitPeerEntry, `export { Peer } from ${JSON.stringify(join(ROOT, 'src/core/index.ts'))};\n`);
    const minJs = readFileSync(join(ROOT, 'node_modules/peerjs/dist/peerjs.min.js'));
    const sizes: Record<string, BundleSize> = {
      'peerjs.min': { entry: 'peerjs/dist/peerjs.min.js', min: minJs.length, gz: gz(minJs) },
      'peerjs.esm': await sizeOf('peerjs (ES bundle)', peerjsEntry),
      'peerjs.msgpack': await sizeOf('peerjs + serializer.msgpack', peerjsMsgpackEntry),
      'kit.peer': await sizeOf('{ Peer } from src/core', kitPeerEntry),
      'kit.core': await sizeOf('src/core/index.ts', join(ROOT, 'src/core/index.ts')),
      'kit.all': await sizeOf('src/index.ts', join(ROOT, 'src/index.ts')),
    };
    sizes['kit.cdn'] = cdnSize();
    const defineDir = join(ROOT, 'src/define');
    const defines = existsSync(defineDir) ? readdirSync(defineDir).filter((f) => f.endsWith('.ts')).sort() : [];
    for (const f of defines) sizes[`kit.define.${basename(f, '.ts')}`] = await sizeOf(`src/define/${f}`, join(defineDir, f));
    return sizes;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
