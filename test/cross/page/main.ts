/**
 * The page of the cross-engine tests (test/cross/), built by Vite and served by `p2p-kit serve`.
 * A Chromium page and a Firefox page each load it; the Node side drives them through `window.cross`,
 * whose calls take and return plain JSON (both drivers, playwright-core and puppeteer-core, pass
 * only that). Long steps are started with `start(name, …)` and awaited with `wait(name)`, so the
 * Node side can start the receiving end before the sending end.
 */
import { elementSteps } from './elements.ts';
import { roomSteps } from './rooms.ts';
import { Peer, type DataConnection, type Emitter, type EventMap, type MediaConnection } from '../../../src/core/index.ts';

/** A value that crosses JSON: bytes go as `{ bytes: [...] }`. */
type Wire = unknown;
const toWire = (v: unknown): Wire => (v instanceof Uint8Array ? { bytes: [...v] } : v instanceof ArrayBuffer ? { bytes: [...new Uint8Array(v)] } : v);
const fromWire = (v: Wire): unknown => (v && typeof v === 'object' && 'bytes' in v ? new Uint8Array((v as { bytes: number[] }).bytes) : v);

let peer: Peer | undefined;
const pending = new Map<string, Promise<unknown>>();

/** Resolves with the first argument of the next `type` event of a core emitter, or rejects after `ms`. */
function nextEvent<T>(target: object, type: string, ms = 30000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout waiting for ${type}`)), ms);
    (target as Emitter<EventMap>).once(type, (...args: unknown[]) => { clearTimeout(t); resolve(args[0] as T); });
  });
}

/** Resolves once `video` plays `stream` with decoded frames (a size and advancing time). */
export async function playing(stream: MediaStream): Promise<{ width: number; height: number }> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  document.body.append(video);
  await video.play();
  const t0 = performance.now();
  while (!(video.videoWidth > 0 && video.currentTime > 0.2)) {
    if (performance.now() - t0 > 20000) throw new Error(`remote video did not play (videoWidth ${video.videoWidth}, currentTime ${video.currentTime})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { width: video.videoWidth, height: video.videoHeight };
}

async function sha256Hex(data: BufferSource): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', data))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const calls: MediaConnection[] = [];

const cross = {
  /** Opens this page's Peer on the server that served the page; resolves with its id. */
  async open(id: string): Promise<string> {
    peer = new Peer(id, { host: location.hostname, port: Number(location.port), path: '/', key: 'peerjs', secure: false, config: { iceServers: [] } });
    await nextEvent(peer, 'open');
    return peer.id!;
  },
  /** Answers the next data connection by echoing every message back; resolves with what it got. */
  async echoNext(count: number): Promise<{ serialization: string; got: Wire[] }> {
    const conn = await nextEvent<DataConnection>(peer!, 'connection');
    const got: Wire[] = [];
    await new Promise<void>((resolve) => conn.on('data', (d) => { got.push(toWire(d)); void conn.send(d); if (got.length === count) resolve(); }));
    return { serialization: conn.serialization, got };
  },
  /** Connects to `remote`, sends `values`, resolves with the echoes. */
  async sendAndEcho(remote: string, serialization: string, values: Wire[]): Promise<Wire[]> {
    const conn = peer!.connect(remote, { serialization });
    await nextEvent(conn, 'open');
    const back: Wire[] = [];
    const done = new Promise<void>((resolve) => conn.on('data', (d) => { back.push(toWire(d)); if (back.length === values.length) resolve(); }));
    for (const v of values) void conn.send(fromWire(v));
    await done;
    conn.close();
    return back;
  },
  /** Answers the next data connection by hashing the one message it receives. */
  async hashNext(): Promise<{ size: number; sha256: string }> {
    const conn = await nextEvent<DataConnection>(peer!, 'connection');
    const data = await nextEvent<Uint8Array>(conn, 'data', 120000);
    void conn.send('got it');
    return { size: data.byteLength, sha256: await sha256Hex(data as Uint8Array<ArrayBuffer>) };
  },
  /** Sends `mib` MiB of pseudo-random bytes in one send(); resolves with their SHA-256 and the frame limit. */
  async sendBig(remote: string, mib: number): Promise<{ sha256: string; maxMessageSize: number | undefined }> {
    const bytes = new Uint8Array(mib * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
    const conn = peer!.connect(remote, { serialization: 'binary' });
    await nextEvent(conn, 'open');
    const ack = nextEvent(conn, 'data', 120000);
    await conn.send(bytes);
    await ack;
    const maxMessageSize = conn.peerConnection?.sctp?.maxMessageSize;
    conn.close();
    return { sha256: await sha256Hex(bytes), maxMessageSize };
  },
  /** Answers the next call with the fake camera; resolves once the caller's video plays here. */
  async answerNext(): Promise<{ width: number; height: number }> {
    const call = await nextEvent<MediaConnection>(peer!, 'call');
    calls.push(call);
    call.answer(await navigator.mediaDevices.getUserMedia({ video: true, audio: true }));
    return playing(await nextEvent<MediaStream>(call, 'stream'));
  },
  /** Calls `remote` with the fake camera; resolves once the callee's video plays here. */
  async call(remote: string): Promise<{ width: number; height: number }> {
    const call = peer!.call(remote, await navigator.mediaDevices.getUserMedia({ video: true, audio: true }));
    calls.push(call);
    return playing(await nextEvent<MediaStream>(call, 'stream'));
  },
  /** Resolves with the close reason once the current call ends. */
  async callEnded(): Promise<string> {
    const call = calls.at(-1)!;
    if (!call.open && call.closeReason) return call.closeReason;
    await nextEvent(call, 'close');
    return call.closeReason ?? 'none';
  },
  hangUp(): void { calls.at(-1)?.close(); },
  /** Resolves once the Peer lost the server and is open again (after a server restart); returns its id then. */
  async reopened(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`not open again within 30 s (state ${peer!.state})`)), 30000);
      let lost = false;
      const on = (state: string): void => {
        if (state !== 'open') lost = true;
        else if (lost) { clearTimeout(t); peer!.off('state', on); resolve(); }
      };
      peer!.on('state', on);
    });
    return peer!.id!;
  },
  /** Starts a step; `wait(name)` resolves with its result. */
  start(name: string, step: string, ...args: unknown[]): void {
    const p = (cross as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[step]!(...args);
    p.catch(() => undefined);
    pending.set(name, p);
  },
  wait(name: string): Promise<unknown> { const p = pending.get(name); pending.delete(name); return p ?? Promise.reject(new Error(`no step ${name}`)); },
  close(): void { calls.splice(0).forEach((c) => c.close()); peer?.destroy(); peer = undefined; },
};

Object.assign(cross, elementSteps, roomSteps);
declare global { interface Window { cross: typeof cross & typeof elementSteps & typeof roomSteps } }
window.cross = cross as typeof cross & typeof elementSteps & typeof roomSteps;
