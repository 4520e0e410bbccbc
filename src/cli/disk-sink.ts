/**
 * A {@link ByteSink} for Node: writes a received file straight to disk (constant memory) as a hidden
 * `.part` file in the output folder, renamed to a free name next to it once the SHA-256 matched.
 */
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { ByteSink } from '../sessions/index.js';

export class DiskSink implements ByteSink {
  /** Where the file ended up, once finished. */
  path?: string;
  private readonly part: string;
  private readonly handle: Promise<FileHandle>;
  private chain: Promise<unknown>;

  constructor(private readonly dir: string, id: string) {
    this.part = join(dir, `.${id}.part`);
    this.handle = open(this.part, 'w');
    this.chain = this.handle;
  }

  write(data: Uint8Array<ArrayBuffer>): Promise<void> {
    const next = this.chain.then(async () => { await (await this.handle).write(data); });
    this.chain = next;
    return next;
  }

  async finish(name: string, type: string, lastModified?: number): Promise<File> {
    await this.chain;
    await (await this.handle).close();
    const dest = freeName(this.dir, basename(name) || 'received');
    await rename(this.part, dest);
    this.path = dest;
    return new File([await openAsBlob(dest, { type })], basename(dest), { type, lastModified });
  }

  clear(): void {
    this.chain = this.chain.catch(() => undefined)
      .then(async () => { await (await this.handle).close().catch(() => undefined); await unlink(this.part).catch(() => undefined); });
  }
}

/** `name` in `dir`, or `name (1).ext`, `name (2).ext`, … if taken: never overwrite a file. */
export function freeName(dir: string, name: string): string {
  const ext = extname(name), stem = name.slice(0, name.length - ext.length);
  // Bounded: a folder holds finitely many files; 10 000 tries is far beyond any real clash.
  for (let i = 0; i < 10_000; i++) {
    const candidate = join(dir, i === 0 ? name : `${stem} (${i})${ext}`);
    if (!existsSync(candidate)) return candidate;
  }
  throw new Error(`no free file name for ${name} in ${dir}`);
}
