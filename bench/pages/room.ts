/**
 * Page side of the room figures (bench/rooms/suite.ts): one member of a `Room` per page, with the
 * fake camera at 720p and the fake microphone. `window.benchRoom` is driven by the runner.
 */
import { Peer } from '../../src/core/peer.js';
import { Room } from '../../src/core/room/room.js';
import type { Signal } from './common.js';

const now = (): number => performance.timeOrigin + performance.now();

let peer: Peer | undefined;
let room: Room | undefined;
let stream: MediaStream | undefined;

/** True once every other member of an `n`-member room is listed with a connected link. */
const meshUp = (r: Room, n: number): boolean => {
  const others = r.participants.filter((p) => !p.self);
  return others.length === n - 1 && others.every((p) => p.link === 'connected');
};

declare global { interface Window { benchRoom: typeof api; benchReady: boolean } }

const api = {
  register(sig: Signal, id: string): Promise<void> {
    const p = peer = new Peer(id, { host: sig.host, port: sig.port, path: sig.path, key: sig.key, secure: false, debug: 0, config: { iceServers: [] } });
    return new Promise((resolve, reject) => { p.once('open', () => resolve()); p.once('error', reject); });
  },
  /** Opens the fake camera and microphone (before join, so its time is not in the join figure). */
  async media(): Promise<void> {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
  },
  /** Joins `name` and resolves with [join() called, this member's n−1 links connected] timestamps. */
  async join(name: string, n: number): Promise<[number, number]> {
    if (!peer || !stream) throw new Error('register and open media first');
    const r = room = new Room(peer, name, { stream, max: 6 });
    const done = new Promise<number>((resolve) => {
      const check = () => { if (meshUp(r, n)) resolve(now()); };
      for (const type of ['join', 'change'] as const) r.addEventListener(type, check);
    });
    const t0 = now();
    await r.join();
    return [t0, await done];
  },
  /** RTP bytes sent on every link so far (audio + video). */
  async bytesSent(): Promise<number> {
    let sum = 0;
    for (const p of room?.participants ?? []) {
      const pc = p.self ? undefined : room!.linkTo(p.id)?.peerConnection;
      for (const s of (await pc?.getStats())?.values() ?? []) if (s.type === 'outbound-rtp') sum += (s as { bytesSent: number }).bytesSent;
    }
    return sum;
  },
  leave(): void {
    room?.leave();
    for (const t of stream?.getTracks() ?? []) t.stop();
    peer?.destroy();
    room = peer = stream = undefined;
  },
};
window.benchRoom = api;
window.benchReady = true;
