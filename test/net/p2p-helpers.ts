/** Browser helpers for the lossy-link and chaos tests: two Peers, a verified file transfer, a playing video. */
import { Peer } from '../../src/core/index.js';
import { FileLinks, type FileSessionHooks, type Transfer } from '../../src/sessions/index.js';

let n = 0;
const uid = (p: string): string => `${p}${Date.now().toString(36)}n${n++}`;

/** Two Peers of this page registered on `server`. */
export async function openPair(server: { host: string; port: number }): Promise<[Peer, Peer]> {
  const opts = { host: server.host, port: server.port, path: '/', key: 'peerjs', secure: false, config: { iceServers: [] } };
  const a = new Peer(uid('pa'), opts), b = new Peer(uid('pb'), opts);
  await Promise.all([a, b].map((p) => new Promise((res, rej) => { p.once('open', res); p.once('error', rej); })));
  return [a, b];
}

/** A `size`-byte file of one random MiB repeated (cheap to hold; the hash still covers every byte). */
export function bigFile(size: number): File {
  const block = new Uint8Array(1 << 20);
  for (let i = 0; i < block.length; i += 65536) crypto.getRandomValues(block.subarray(i, i + 65536));
  return new File(Array.from({ length: size >> 20 }, () => block), 'big.bin');
}

/** Sends `file` from `a` to `b` through the file-drop sessions; resolves with the verified file. `tick` sees the sender's progress. */
export function transfer(a: Peer, b: Peer, file: File, tick: (t: Transfer) => void = () => {}): Promise<File> {
  const control = new AbortController();
  return new Promise<File>((resolve, reject) => {
    const hooks = (side: 'send' | 'receive'): FileSessionHooks => ({
      offer: (t) => receiver.session(t.remote).accept(t.id),
      change: (t) => {
        if (side === 'send') tick(t);
        if (t.state === 'failed' || t.state === 'cancelled' || t.state === 'declined') reject(new Error(`${side}: transfer ${t.state}`));
      },
      received: (_t, f) => resolve(f),
    });
    const sender = new FileLinks(() => hooks('send'), () => true, () => undefined);
    const receiver = new FileLinks(() => hooks('receive'), () => true, () => undefined);
    sender.setPeer(a as never, control.signal);
    receiver.setPeer(b as never, control.signal);
    sender.session(b.id!).send(file);
    sender.dial(b.id!);
  }).finally(() => control.abort());
}

/** Plays `stream` in a muted <video>; `frames()` counts decoded frames so far. */
export async function videoFrames(stream: MediaStream): Promise<{ video: HTMLVideoElement; frames: () => number }> {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = stream;
  document.body.append(video);
  await video.play();
  return { video, frames: () => video.getVideoPlaybackQuality().totalVideoFrames };
}
