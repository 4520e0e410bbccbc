/**
 * Chromium ⇄ Firefox through the core, against one `p2p-kit serve` process: data in every
 * serialization both ways, started from either side; 64 MiB in one send() each way (SCTP message
 * sizes differ: 256 KiB against Chromium, ~1 GiB between Firefox pages), verified by SHA-256; a call
 * started from either side with the remote video playing on both, and the hang-up seen by the other.
 */
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { arrow as name, uid, useEngines } from './engines.ts';

const { engines, directions: pairs } = useEngines({ before, after, beforeEach, afterEach });

/** Each page with a new open Peer (the previous one destroyed); returns their ids. */
async function openBoth(): Promise<{ chromium: string; firefox: string }> {
  const e = engines();
  await Promise.all([e.chromium.run('close'), e.firefox.run('close')]);
  const [chromium, firefox] = await Promise.all([e.chromium.run<string>('open', uid('cr')), e.firefox.run<string>('open', uid('ff'))]);
  return { chromium, firefox };
}

const bytes = { bytes: [0, 1, 2, 250, 255] };
const rich = ['hé 🙂', 42.5, { a: [1, { b: null, c: true }], s: 'x' }];
const VALUES: Record<string, unknown[]> = {
  MsgPack: [...rich, bytes],
  binary: [...rich, bytes],
  json: rich,
  raw: ['plain text', bytes],
};

test('data in every serialization, both ways, started from either side', { timeout: 180000 }, async () => {
  for (const [from, to] of pairs()) {
    const ids = await openBoth();
    for (const [serialization, values] of Object.entries(VALUES)) {
      await to.run('start', 'echo', 'echoNext', values.length);
      const back = await from.run<unknown[]>('sendAndEcho', ids[to.engine], serialization, values);
      const { serialization: seen, got } = await to.run<{ serialization: string; got: unknown[] }>('wait', 'echo');
      assert.equal(seen, serialization, `${name(from, to)}: the receiver sees the serialization`);
      assert.deepEqual(got, values, `${name(from, to)} ${serialization}: arrived intact`);
      assert.deepEqual(back, values, `${name(to, from)} ${serialization}: came back intact`);
    }
  }
});

test('64 MiB in one send() each way, SHA-256 verified', { timeout: 300000 }, async () => {
  for (const [from, to] of pairs()) {
    const ids = await openBoth();
    await to.run('start', 'hash', 'hashNext');
    const t0 = performance.now();
    const sent = await from.run<{ sha256: string; maxMessageSize: number }>('sendBig', ids[to.engine], 64);
    const got = await to.run<{ size: number; sha256: string }>('wait', 'hash');
    console.log(`${name(from, to)}: 64 MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s, sctp.maxMessageSize ${sent.maxMessageSize}`);
    assert.equal(got.size, 64 * 1024 * 1024);
    assert.equal(got.sha256, sent.sha256, `${name(from, to)}: same SHA-256`);
  }
});

test('a call started from either side plays the remote video on both; the other side sees the hang-up', { timeout: 180000 }, async () => {
  for (const [from, to] of pairs()) {
    const ids = await openBoth();
    await to.run('start', 'answer', 'answerNext');
    const atCaller = await from.run<{ width: number }>('call', ids[to.engine]);
    const atCallee = await to.run<{ width: number }>('wait', 'answer');
    assert.ok(atCaller.width > 0 && atCallee.width > 0, `${name(from, to)}: video plays on both sides`);
    await to.run('start', 'ended', 'callEnded');
    await from.run('hangUp');
    assert.equal(await to.run('wait', 'ended'), 'remote-hangup', `${name(from, to)}: the callee saw the hang-up`);
  }
});

test('after the signalling server restarts, both Peers are back under their ids and connect either way', { timeout: 120000 }, async () => {
  const ids = await openBoth();
  const e = engines();
  await Promise.all([e.chromium.run('start', 'back', 'reopened'), e.firefox.run('start', 'back', 'reopened')]);
  await e.restartServer(1000);
  const back = { chromium: await e.chromium.run<string>('wait', 'back'), firefox: await e.firefox.run<string>('wait', 'back') };
  assert.deepEqual(back, ids, 'the same ids, registered again');
  // Both browsers log each refused WebSocket attempt while the server is down, by themselves: expected here.
  for (const page of [e.chromium, e.firefox]) page.problems.splice(0, Infinity, ...page.problems.filter((p) => !/WebSocket connection to|can.t establish a connection to the server at ws:/.test(p)));
  for (const [from, to] of pairs()) {
    await to.run('start', 'echo', 'echoNext', 1);
    assert.deepEqual(await from.run('sendAndEcho', ids[to.engine], 'json', [{ after: 'restart' }]), [{ after: 'restart' }], name(from, to));
    await to.run('wait', 'echo');
  }
});
