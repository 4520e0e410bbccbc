// Shared helpers of the core browser tests: peers on the test servers, waiting for events.
import { Peer, type PeerOptions } from '../../src/core/index.js';
import type { Emitter, EventMap } from '../../src/core/emitter.js';

export const RTC: RTCConfiguration = { iceServers: [] };

/** Options for a Peer on the named test server (`stock` or `kit`). */
export function serverOptions(name: string, extra: PeerOptions = {}): PeerOptions {
  const s = window.TEST_SERVERS[name]!;
  return { host: s.host, port: s.port, path: s.path, key: s.key, secure: false, config: RTC, ...extra };
}

/** Servers present on this run (stock always; kit once our server exists). */
export const serverNames = (): string[] => ['stock', 'kit'].filter((n) => window.TEST_SERVERS[n]);

let seq = 0;
export const uid = (p: string): string => `${p}${Date.now().toString(36)}${(seq++).toString(36)}`;

/** Resolves with the listener args of the next `type` event, or rejects after `ms`. */
type EventsOf<T> = T extends { __events?: infer E } ? NonNullable<E> : never;
export function next<T extends { __events?: EventMap }, K extends keyof EventsOf<T> & string>(target: T, type: K, ms = 15000): Promise<EventsOf<T>[K]> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout waiting for ${type}`)), ms);
    (target as unknown as Emitter<EventMap>).once(type, (...args) => { clearTimeout(t); resolve(args as EventsOf<T>[K]); });
  });
}

/** A Peer that is open. */
export async function openPeer(id: string | undefined, opts: PeerOptions): Promise<Peer> {
  const p = id ? new Peer(id, opts) : new Peer(opts);
  await next(p, 'open');
  return p;
}

/** Collects `n` data events. */
export function collect(conn: { on(type: 'data', fn: (d: unknown) => void): unknown }, n: number, ms = 30000): Promise<unknown[]> {
  const got: unknown[] = [];
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout: got ${got.length}/${n} messages`)), ms);
    conn.on('data', (d) => { got.push(d); if (got.length === n) { clearTimeout(t); resolve(got); } });
  });
}

/** SHA-256 hex of bytes. */
export async function sha256(data: ArrayBuffer | Uint8Array | Blob): Promise<string> {
  const buf = data instanceof Blob ? await data.arrayBuffer() : data;
  const d = await crypto.subtle.digest('SHA-256', buf as ArrayBuffer);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A live video track drawn on a 64x48 canvas (the fake camera is 640x480, so receivers can tell them apart). */
export function canvasTrack(): MediaStreamTrack {
  const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 48 });
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#c33';
  ctx.fillRect(0, 0, 64, 48);
  const stream = canvas.captureStream(10);
  const t = setInterval(() => ctx.fillRect(0, 0, Math.random() * 64, 48), 100);
  const track = stream.getVideoTracks()[0]!;
  track.addEventListener('ended', () => clearInterval(t));
  return track;
}
