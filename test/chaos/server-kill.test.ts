/**
 * Chaos: the signalling server is killed with SIGKILL 20 times, at random moments, while two Peers
 * of this page chat, transfer a file and hold a call (run by test/node/chaos.test.ts).
 */
import { expect } from '@open-wc/testing';
import type { DataConnection, MediaConnection, Peer } from '../../src/core/index.js';
import { bigFile, openPair, transfer, videoFrames } from '../net/p2p-helpers.js';

declare global { interface Window { CHAOS: { server: { host: string; port: number }; control: string } } }

const KILLS = 20;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const reopened = (p: Peer): Promise<string> => (p.open ? Promise.resolve(p.id!) : new Promise((res) => p.once('open', res)));

describe(`chaos: server killed -9 ${KILLS} times`, () => {
  it('chat, a transfer and a call go on; both peers come back on their ids every time', async () => {
    const pageErrors: string[] = [];
    const onError = (e: ErrorEvent | PromiseRejectionEvent): void => { pageErrors.push(String('message' in e ? e.message : e.reason)); };
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    const [a, b] = await openPair(window.CHAOS.server);
    const ids = [a.id, b.id];
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
    try {
      // chat: a steady stream of numbered messages
      const got: number[] = [];
      b.on('connection', (c: DataConnection) => { if (c.label === 'chat') c.on('data', (d) => got.push((d as { seq: number }).seq)); });
      const chat = a.connect(b.id!, { label: 'chat', serialization: 'json' });
      await new Promise<void>((res) => chat.once('open', () => res()));
      let seq = 0;
      const ticker = setInterval(() => chat.send({ seq: seq++ }), 50);
      // call
      b.on('call', (c: MediaConnection) => c.answer());
      const remote = new Promise<MediaStream>((res) => b.once('call', (c: MediaConnection) => c.once('stream', res)));
      a.call(b.id!, stream);
      const { frames, video } = await videoFrames(await remote);
      // transfer, verified by the receiver's SHA-256 (the received hook fires only on a match)
      const file = bigFile(48 << 20);
      const sent = transfer(a, b, file);
      for (let k = 0; k < KILLS; k++) {
        await sleep(200 + Math.random() * 1300);
        const res = await fetch(`${window.CHAOS.control}/kill?down=${Math.round(100 + Math.random() * 900)}`, { method: 'POST' });
        expect(res.status, `kill ${k}`).to.equal(204);
        expect(await Promise.all([reopened(a), reopened(b)]), `ids after kill ${k}`).to.deep.equal(ids);
      }
      const received = await sent;
      expect(received.size).to.equal(file.size);
      clearInterval(ticker);
      const last = seq - 1;
      for (let t = 0; t < 100 && got.at(-1) !== last; t++) await sleep(100);
      expect(got).to.deep.equal(Array.from({ length: seq }, (_, i) => i));
      const f0 = frames();
      await sleep(2000);
      console.log(`chaos: ${KILLS} kills; ${seq} chat messages in order, 48 MiB verified, ${frames() - f0} video frames in the last 2 s`);
      expect(frames() - f0, 'video still playing').to.be.greaterThan(10);
      video.remove();
      expect(pageErrors).to.deep.equal([]);
    } finally {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onError);
      stream.getTracks().forEach((t) => t.stop());
      a.destroy(); b.destroy();
    }
  });
});
