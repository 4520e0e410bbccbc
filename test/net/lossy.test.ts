/**
 * Runs inside a network namespace that drops a share of all UDP at random (see
 * test/node/net-lossy.test.ts): data, files and a call between two Peers of this page still work.
 */
import { expect } from '@open-wc/testing';
import { Peer, type DataConnection, type MediaConnection } from '../../src/core/index.js';
import { FileLinks, type FileSessionHooks, type Transfer } from '../../src/sessions/index.js';

declare global { interface Window { LOSSY: { server: { host: string; port: number }; control: string; loss: number } } }

const opts = () => ({ host: window.LOSSY.server.host, port: window.LOSSY.server.port, path: '/', key: 'peerjs', secure: false, config: { iceServers: [] } });
let n = 0;
const uid = (p: string): string => `${p}${Date.now().toString(36)}n${n++}`;
const setLoss = async (pct: number): Promise<void> => { expect((await fetch(`${window.LOSSY.control}/loss?pct=${pct}`, { method: 'POST' })).status).to.equal(204); };

async function pair(): Promise<[Peer, Peer]> {
  const a = new Peer(uid('la'), opts()), b = new Peer(uid('lb'), opts());
  await Promise.all([a, b].map((p) => new Promise((res, rej) => { p.once('open', res); p.once('error', rej); })));
  return [a, b];
}

/** A `size`-byte file of one random MiB repeated (cheap to hold; the hash still covers every byte). */
function bigFile(size: number): File {
  const block = new Uint8Array(1 << 20);
  for (let i = 0; i < block.length; i += 65536) crypto.getRandomValues(block.subarray(i, i + 65536));
  return new File(Array.from({ length: size >> 20 }, () => block), 'big.bin');
}

/** Sends `file` from `a` to `b` through the file-drop sessions; resolves with the verified file. `tick` sees the sender's progress. */
function transfer(a: Peer, b: Peer, file: File, tick: (t: Transfer) => void = () => {}): Promise<File> {
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

describe(`lossy link (${window.LOSSY.loss}% random UDP loss)`, () => {
  afterEach(() => setLoss(window.LOSSY.loss));

  it('chat-sized messages all arrive, in order', async () => {
    const [a, b] = await pair();
    try {
      const got: number[] = [];
      const all = new Promise<void>((res) => b.on('connection', (c: DataConnection) => c.on('data', (d) => { got.push((d as { seq: number }).seq); if (got.length === 500) res(); })));
      const dc = a.connect(b.id!, { serialization: 'json' });
      await new Promise<void>((res) => dc.once('open', () => res()));
      for (let i = 0; i < 500; i++) dc.send({ seq: i, text: `message ${i}` });
      await all;
      expect(got).to.deep.equal(Array.from({ length: 500 }, (_, i) => i));
    } finally { a.destroy(); b.destroy(); }
  });

  it('a 256 MiB file arrives verified (SHA-256)', async () => {
    const [a, b] = await pair();
    try {
      const file = bigFile(256 << 20), t0 = performance.now();
      const got = await transfer(a, b, file);
      const s = (performance.now() - t0) / 1000;
      console.log(`lossy: 256 MiB at ${window.LOSSY.loss}% loss in ${s.toFixed(1)} s (${(256 / s).toFixed(1)} MiB/s)`);
      expect(got.size).to.equal(file.size);
    } finally { a.destroy(); b.destroy(); }
  });

  it('at 30% loss for 5 s mid-transfer the transfer slows, then finishes by itself, verified', async () => {
    const [a, b] = await pair();
    try {
      const file = bigFile(64 << 20);
      let spiked: Promise<{ during: number; after: number }> | undefined;
      let latest = 0;
      const got = await transfer(a, b, file, (t) => {
        latest = t.bytes;
        if (spiked || t.bytes < file.size / 4) return;
        spiked = (async () => {
          await setLoss(30);
          const before = latest;
          await new Promise((r) => setTimeout(r, 5000));
          const during = latest - before;
          await setLoss(window.LOSSY.loss);
          return { during, after: latest };
        })();
      });
      expect(spiked, 'the spike happened mid-transfer').to.not.equal(undefined);
      const { during, after } = await spiked!;
      console.log(`lossy: 30% loss for 5 s moved ${(during / 1048576).toFixed(1)} MiB; finished ${(file.size - after) / 1048576 | 0} MiB after it`);
      expect(got.size).to.equal(file.size);
    } finally { a.destroy(); b.destroy(); }
  });

  it('a call keeps its video playing', async () => {
    const [a, b] = await pair();
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
    try {
      b.on('call', (c: MediaConnection) => c.answer());
      const call = a.call(b.id!, stream);
      const remote = await new Promise<MediaStream>((res) => b.once('call', (c: MediaConnection) => c.once('stream', res)));
      void call;
      const video = document.createElement('video');
      video.muted = true; video.srcObject = remote; document.body.append(video);
      await video.play();
      const frames = (): number => video.getVideoPlaybackQuality().totalVideoFrames;
      await new Promise((r) => setTimeout(r, 1000));
      const f0 = frames();
      await new Promise((r) => setTimeout(r, 4000));
      const f1 = frames();
      console.log(`lossy: call video ${f1 - f0} frames decoded in 4 s at ${window.LOSSY.loss}% loss`);
      expect(f1 - f0).to.be.greaterThan(20);
      video.remove();
    } finally { stream.getTracks().forEach((t) => t.stop()); a.destroy(); b.destroy(); }
  });
});
