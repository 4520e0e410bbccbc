/**
 * Where received bytes go, in constant page memory:
 * - {@link OpfsStore} sinks: straight to disk, into the origin-private file system (File System
 *   Access API; no permission prompt). The resulting `File` is read from disk.
 * - {@link BlobSink}: the fallback: batches sealed into `Blob`s, which the browser keeps in its
 *   blob store (paged to disk when large), so the page holds at most one batch.
 */

/** Receives one file's bytes in order. */
export interface ByteSink {
  write(data: Uint8Array<ArrayBuffer>): void;
  /** All bytes written: the whole content as a `File`. */
  finish(name: string, type: string, lastModified?: number): Promise<File>;
  /** Drops everything (cancel, failure). */
  clear(): void;
}

/** See the module comment. */
export class BlobSink implements ByteSink {
  private parts: Blob[] = [];
  private pending: Uint8Array<ArrayBuffer>[] = [];
  private pendingBytes = 0;

  constructor(private readonly flushBytes = 4 * 1024 * 1024) {}

  write(data: Uint8Array<ArrayBuffer>): void {
    this.pending.push(data);
    this.pendingBytes += data.byteLength;
    if (this.pendingBytes >= this.flushBytes) this.flush();
  }

  async finish(name: string, type: string, lastModified?: number): Promise<File> {
    this.flush();
    return new File(this.parts, name, { type, lastModified });
  }

  clear(): void { this.parts = []; this.pending = []; this.pendingBytes = 0; }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.parts.push(new Blob(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }
}

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

/**
 * Writes chunks to an OPFS file through one `FileSystemWritableFileStream`, in order. Writes are
 * chained (not awaited by the receiver): disk is faster than the network, so the chain stays short.
 */
class OpfsSink implements ByteSink {
  private chain: Promise<FileSystemWritableFileStream | null>;
  private failed?: unknown;

  constructor(private readonly dir: FileSystemDirectoryHandle, private readonly id: string) {
    this.chain = dir.getFileHandle(id, { create: true }).then((h) => h.createWritable());
  }

  write(data: Uint8Array<ArrayBuffer>): void {
    this.chain = this.chain.then(async (w) => {
      if (w && !this.failed) await w.write(data).catch((e: unknown) => { this.failed = e; });
      return w;
    });
  }

  async finish(name: string, type: string, lastModified?: number): Promise<File> {
    const w = await this.chain;
    await w?.close();
    if (this.failed) throw this.failed;
    const stored = await (await this.dir.getFileHandle(this.id)).getFile();
    // Same bytes (read from disk), with the sender's name and type.
    return new File([stored], name, { type, lastModified });
  }

  clear(): void {
    this.chain = this.chain.then(async (w) => {
      await w?.abort().catch(() => {});
      await this.dir.removeEntry(this.id).catch(() => {});
      return null;
    });
  }
}
