/**
 * Where received bytes go: the {@link ByteSink} interface a file session writes to, and
 * {@link BlobSink}, the default that works everywhere `Blob`/`File` exist (browsers, Node 20):
 * batches sealed into `Blob`s, which a browser keeps in its blob store (paged to disk when large),
 * so the page holds at most one batch. Browser-only sinks (OPFS) live with the element; Node ones
 * with the CLI. No DOM, no lit.
 */

/** Receives one file's bytes in order. */
export interface ByteSink {
  /**
   * Takes the next bytes. Returns nothing when they are stored at once, else a promise that resolves
   * once they are (the receiver acks stored bytes: flow control) and rejects if storing failed.
   */
  write(data: Uint8Array<ArrayBuffer>): void | Promise<void>;
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
