/**
 * Page side of the benchmark, shared by the three implementations. Each page (`raw.html`,
 * `peerjs.html`, `kit.html`) supplies an {@link Adapter}; {@link installBench} wraps it with
 * timestamps and exposes it as `window.bench` for the Playwright runner (bench/browser/suite.ts).
 *
 * Timestamps are `performance.timeOrigin + performance.now()`, so figures taken in two pages
 * (two browser contexts, two renderer processes on one machine) can be subtracted.
 */

/** Where the signalling server listens (PeerServer URL layout, PROTOCOL.md §1.1). */
export interface Signal { host: string; port: number; path: string; key: string }

/** What each implementation must do; every method resolves on the event that means done. */
export interface Adapter {
  /** `new Peer(id)` and resolve on `open`. */
  register(sig: Signal, id: string): Promise<void>;
  /** Callee: resolve when the next incoming data connection is open. */
  acceptData(): Promise<void>;
  /** Caller: `connect(remote)` and resolve when the connection is open here. */
  connectData(remote: string): Promise<void>;
  /** One `send()` of the whole buffer in the default serialization. */
  send(buf: ArrayBuffer): Promise<void> | void;
  /** Callee: resolve with the next message (raw: once `n` bytes arrived). */
  receive(n: number): Promise<unknown>;
  /** Callee: answer the next call with `stream`; resolves when the answer is given. */
  acceptCall(stream: MediaStream): Promise<void>;
  /** Caller: `call(remote, stream)`; resolves with the remote stream (`stream` event). */
  call(remote: string, stream: MediaStream): Promise<MediaStream>;
  /** Closes the current data connection and call, if any. */
  hangUp(): void;
  /** Optional file path (p2p-kit: `<p2p-file-drop>`): resolves once the receiver verified `file`. */
  sendFile?(remote: string, file: File): Promise<void>;
  /** Optional file path, receiving side: resolves with the next received (verified) file. */
  receiveFile?(): Promise<Blob>;
}

export const now = (): number => performance.timeOrigin + performance.now();

const BLOCK = 64 * 1024;
/** The byte expected at offset `i` of every payload: cheap to make, cheap to spot-check. */
const expected = (i: number): number => (i * 31 + 7) & 255;

/** A payload of `n` bytes following {@link expected}. */
export function makePayload(n: number): ArrayBuffer {
  const block = new Uint8Array(BLOCK);
  for (let i = 0; i < BLOCK; i++) block[i] = expected(i);
  const out = new Uint8Array(n);
  for (let off = 0; off < n; off += BLOCK) out.set(block.subarray(0, Math.min(BLOCK, n - off)), off);
  return out.buffer;
}

/** A File of `n` bytes following {@link expected}, made of 1 MiB parts (kept in the blob store). */
export function makeFile(n: number): File {
  const part = new Uint8Array(makePayload(Math.min(n, 1 << 20)));
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let off = 0; off < n; off += part.length) parts.push(off + part.length <= n ? part : part.subarray(0, n - off));
  return new File(parts, 'bench.bin', { type: 'application/octet-stream' });
}

/** Throws unless `blob` has `n` bytes and its first and last 64 KiB follow {@link expected}. */
async function checkFile(blob: Blob, n: number): Promise<void> {
  if (blob.size !== n) throw new Error(`received a ${blob.size}-byte file, expected ${n}`);
  for (const at of [0, Math.max(0, n - 65536)]) {
    const bytes = new Uint8Array(await blob.slice(at, Math.min(n, at + 65536)).arrayBuffer());
    for (let i = 0; i < bytes.length; i += 997) if (bytes[i] !== expected(at + i)) throw new Error(`file corrupt at ${at + i}`);
  }
}

/** Turns whatever a library delivered into bytes (PeerJS may hand over a Blob or a view). */
export async function toBytes(data: unknown): Promise<Uint8Array> {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof Blob) return new Uint8Array(await data.arrayBuffer());
  throw new Error(`unexpected data type ${Object.prototype.toString.call(data)}`);
}

/** Throws unless `bytes` is the `n`-byte payload (length plus 64 spread positions). */
export function checkPayload(bytes: Uint8Array, n: number): void {
  if (bytes.byteLength !== n) throw new Error(`received ${bytes.byteLength} bytes, expected ${n}`);
  for (let k = 0; k < 64; k++) {
    const i = Math.floor((k / 63) * (n - 1));
    if (bytes[i] !== expected(i)) throw new Error(`payload corrupt at ${i}`);
  }
}

/** Resolves with the time the first frame of `stream` is presented in a (muted) `<video>`. */
export function firstFrame(stream: MediaStream): Promise<number> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  document.body.append(video);
  return new Promise((resolve, reject) => {
    video.requestVideoFrameCallback(() => { resolve(now()); video.remove(); });
    video.play().catch(reject);
  });
}

/** Timed entry points the runner calls with `page.evaluate`. */
export interface BenchApi {
  register(sig: Signal, id: string): Promise<[number, number]>;
  /** Starts `what` now and keeps its promise; {@link BenchApi.armed} collects it later. */
  arm(what: 'accept' | 'receive' | 'answer' | 'file', n?: number): void;
  armed(): Promise<number>;
  connect(remote: string): Promise<[number, number]>;
  prepare(n: number): void;
  send(): Promise<[number, number]>;
  media(): Promise<void>;
  call(remote: string): Promise<[number, number, number]>;
  hangUp(): void;
  /** Whether this page has a file path at all. */
  hasFile(): boolean;
  prepareFile(n: number): void;
  sendFile(remote: string): Promise<[number, number]>;
}

declare global {
  interface Window { bench: BenchApi; benchReady: boolean }
}

/** Wraps `adapter` with timestamps and publishes it as `window.bench`. */
export function installBench(adapter: Adapter): void {
  let pending: Promise<number> | undefined;
  let payload: ArrayBuffer | undefined;
  let local: MediaStream | undefined;
  let file: File | undefined;
  const api: BenchApi = {
    async register(sig, id) { const t0 = now(); await adapter.register(sig, id); return [t0, now()]; },
    arm(what, n = 0) {
      if (what === 'accept') pending = adapter.acceptData().then(now);
      else if (what === 'receive') {
        pending = adapter.receive(n).then(async (d) => { const b = await toBytes(d); const t = now(); checkPayload(b, n); return t; });
      } else if (what === 'file') {
        if (!adapter.receiveFile) throw new Error('no file path');
        pending = adapter.receiveFile().then(async (blob) => { const t = now(); await checkFile(blob, n); return t; });
      } else {
        if (!local) throw new Error('media() first');
        pending = adapter.acceptCall(local).then(now);
      }
      pending.catch(() => { /* surfaced by armed() */ });
    },
    armed() { if (!pending) throw new Error('nothing armed'); const p = pending; pending = undefined; return p; },
    async connect(remote) { const t0 = now(); await adapter.connectData(remote); return [t0, now()]; },
    prepare(n) { payload = makePayload(n); },
    async send() {
      if (!payload) throw new Error('prepare() first');
      const buf = payload;
      payload = undefined; // the page keeps no second reference: heap figures see only the library's copies
      const t0 = now();
      await adapter.send(buf);
      return [t0, now()];
    },
    async media() { local ??= await navigator.mediaDevices.getUserMedia({ video: true, audio: true }); },
    async call(remote) {
      if (!local) throw new Error('media() first');
      const t0 = now();
      const remoteStream = await adapter.call(remote, local);
      const tStream = now();
      return [t0, tStream, await firstFrame(remoteStream)];
    },
    hangUp() { adapter.hangUp(); },
    hasFile() { return typeof adapter.sendFile === 'function'; },
    prepareFile(n) { file = makeFile(n); },
    async sendFile(remote) {
      if (!file || !adapter.sendFile) throw new Error('prepareFile() first');
      const f = file;
      file = undefined;
      const t0 = now();
      await adapter.sendFile(remote, f);
      return [t0, now()];
    },
  };
  window.bench = api;
  window.benchReady = true;
}
