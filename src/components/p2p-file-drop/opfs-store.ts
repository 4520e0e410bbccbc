/**
 * Browser-only {@link ByteSink}: {@link OpfsStore} sinks write received bytes straight to disk, into
 * the origin-private file system (File System Access API; no permission prompt), in constant page
 * memory. The resulting `File` is read from disk. Where OPFS is missing the element falls back to
 * the session's default {@link BlobSink} (src/sessions/files/sinks.ts).
 */
import type { ByteSink } from '../../sessions/files/sinks.js';

/** OPFS folder of this library; each page gets a subfolder, held by a Web Lock of the same name. */
const ROOT = 'p2p-file-drop';
const LOCK_PREFIX = 'p2p-file-drop:';

/**
 * One page's OPFS folder for received files. `create()` resolves `null` where OPFS writing or Web
 * Locks are missing (then use {@link BlobSink}). The page holds a Web Lock named after its folder
 * until it unloads, so received `File`s stay readable for the page's lifetime; the next page to
 * create a store deletes folders whose lock nobody holds any more (their pages are gone).
 */
export class OpfsStore {
  private constructor(private readonly dir: FileSystemDirectoryHandle) {}

  static async create(): Promise<OpfsStore | null> {
    try {
      const nav = globalThis.navigator;
      if (!nav?.storage?.getDirectory || !nav.locks || typeof FileSystemFileHandle === 'undefined'
        || !('createWritable' in FileSystemFileHandle.prototype)) return null;
      const base = await (await nav.storage.getDirectory()).getDirectoryHandle(ROOT, { create: true });
      const name = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
      await new Promise<void>((held) => {
        // Never released: the lock ends with the page, which is exactly how long our files must live.
        void nav.locks.request(LOCK_PREFIX + name, () => { held(); return new Promise<void>(() => {}); });
      });
      void OpfsStore.sweep(base);
      return new OpfsStore(await base.getDirectoryHandle(name, { create: true }));
    } catch {
      return null; // e.g. private browsing without OPFS
    }
  }

  /** A sink writing to a new file `id` in this page's folder. */
  sink(id: string): ByteSink { return new OpfsSink(this.dir, id); }

  /** Deletes the folders of pages that are gone (no one holds their lock). */
  private static async sweep(base: FileSystemDirectoryHandle): Promise<void> {
    const held = new Set(((await navigator.locks.query()).held ?? []).map((l) => l.name));
    const iter = (base as unknown as { keys(): AsyncIterable<string> }).keys();
    const stale: string[] = [];
    for await (const key of iter) if (!held.has(LOCK_PREFIX + key)) stale.push(key);
    for (const key of stale) await base.removeEntry(key, { recursive: true }).catch(() => {});
  }
}

/** Bytes gathered before one OPFS write: fewer, larger writes cost less than one per 64 KiB chunk. */
const OPFS_BATCH_BYTES = 1024 * 1024;

/**
 * Writes chunks to an OPFS file through one `FileSystemWritableFileStream`, in order, in batches.
 * Each `write()` resolves when its batch is on disk; the session acks only then, so the sender
 * never gets further ahead of the disk than the flow-control window.
 */
class OpfsSink implements ByteSink {
  private chain: Promise<FileSystemWritableFileStream | null>;
  private failed?: unknown;
  private batch: Uint8Array<ArrayBuffer>[] = [];
  private batchBytes = 0;
  private batchDone?: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void };

  constructor(private readonly dir: FileSystemDirectoryHandle, private readonly id: string) {
    this.chain = dir.getFileHandle(id, { create: true }).then((h) => h.createWritable());
  }

  write(data: Uint8Array<ArrayBuffer>): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    this.batch.push(data);
    this.batchBytes += data.byteLength;
    if (!this.batchDone) {
      let resolve!: () => void, reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
      promise.catch(() => {}); // seen by the session; never an unhandled rejection here
      this.batchDone = { promise, resolve, reject };
    }
    const done = this.batchDone.promise;
    if (this.batchBytes >= OPFS_BATCH_BYTES) this.flush();
    return done;
  }

  private flush(): void {
    const parts = this.batch, done = this.batchDone;
    if (!done) return;
    this.batch = [];
    this.batchBytes = 0;
    this.batchDone = undefined;
    const data = parts.length === 1 ? parts[0] : concat(parts);
    this.chain = this.chain.then(async (w) => {
      if (w && !this.failed) await w.write(data).catch((e: unknown) => { this.failed = e; });
      if (this.failed) done.reject(this.failed); else done.resolve();
      return w;
    });
  }

  async finish(name: string, type: string, lastModified?: number): Promise<File> {
    this.flush();
    const w = await this.chain;
    await w?.close();
    if (this.failed) throw this.failed;
    const stored = await (await this.dir.getFileHandle(this.id)).getFile();
    // Same bytes (read from disk), with the sender's name and type.
    return new File([stored], name, { type, lastModified });
  }

  clear(): void {
    this.batch = [];
    this.batchBytes = 0;
    this.batchDone = undefined;
    this.chain = this.chain.then(async (w) => {
      await w?.abort().catch(() => {});
      await this.dir.removeEntry(this.id).catch(() => {});
      return null;
    });
  }
}

function concat(parts: Uint8Array<ArrayBuffer>[]): Uint8Array<ArrayBuffer> {
  let n = 0;
  for (const p of parts) n += p.byteLength;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  return out;
}
