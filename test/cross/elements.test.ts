/**
 * Chromium ⇄ Firefox through the elements, against one `p2p-kit serve` process: a `<p2p-call>` from
 * either side with the remote video playing on both; mute, camera off and a screen share (a canvas
 * stream replacing the camera) as the other side hears and sees them; the hang-up seen there;
 * `<p2p-chat>` with typing and delivered/read receipts; a 64 MiB file each way through
 * `<p2p-file-drop>`, SHA-256 verified by the element and again by the test.
 */
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { arrow, uid, useEngines, type EnginePage } from './engines.ts';

const { directions } = useEngines({ before, after, beforeEach, afterEach });

/** Mounts the elements on both pages, each pointed at the other. */
async function mount(from: EnginePage, to: EnginePage): Promise<void> {
  const a = uid(from.engine), b = uid(to.engine);
  await Promise.all([from.run('mount', a, b), to.run('mount', b, a)]);
}

test('<p2p-call> from either side: video both ways; mute, camera off, screen share and hang-up as the other side gets them', { timeout: 240000 }, async () => {
  for (const [from, to] of directions()) {
    await Promise.all([from.run('unmount'), to.run('unmount')]);
    await mount(from, to);
    await from.run('startCall');
    const [atCaller, atCallee] = await Promise.all([from.run<{ width: number }>('remoteVideoPlays'), to.run<{ width: number }>('remoteVideoPlays')]);
    assert.ok(atCaller.width > 0 && atCallee.width > 0, `${arrow(from, to)}: remote video plays on both sides`);
    await to.run('remoteSound', true);
    await from.run('setMuted', true);
    await to.run('remoteSound', false);
    await from.run('setMuted', false);
    await to.run('remoteSound', true);
    await from.run('setCameraOff', true);
    await to.run('remotePicture', false);
    await from.run('setCameraOff', false);
    await to.run('remotePicture', true);
    await from.run('shareCanvas');
    assert.equal(await to.run('remoteWidth', 320), 320, `${arrow(from, to)}: the shared canvas replaced the camera`);
    await from.run('stopSharing');
    assert.equal(await to.run('remoteWidth', atCallee.width), atCallee.width, `${arrow(from, to)}: back to the camera`);
    await from.run('hangUpCall');
    assert.equal(await to.run('callEnd'), 'remote-hangup', `${arrow(from, to)}: the other side saw the hang-up`);
  }
});

test('<p2p-chat> both ways: typing seen, message delivered and read', { timeout: 120000 }, async () => {
  for (const [from, to] of directions()) {
    await Promise.all([from.run('unmount'), to.run('unmount')]);
    await mount(from, to);
    await to.run('start', 'see', 'seeTypingThenMessage');
    const statuses = await from.run<string[]>('typeAndSend', `hello from ${from.engine} 🙂`);
    const seen = await to.run<{ typing: boolean; text: string }>('wait', 'see');
    assert.deepEqual(seen, { typing: true, text: `hello from ${from.engine} 🙂` });
    assert.ok(statuses.includes('delivered') && statuses.includes('read'), `${arrow(from, to)}: receipts ${statuses.join(',')}`);
  }
});

test('<p2p-file-drop>: 64 MiB each way, SHA-256 verified', { timeout: 300000 }, async () => {
  for (const [from, to] of directions()) {
    await Promise.all([from.run('unmount'), to.run('unmount')]);
    await mount(from, to);
    await to.run('start', 'file', 'receiveFile');
    const t0 = performance.now();
    const sent = await from.run<{ sha256: string; state: string }>('sendFile', 64);
    const got = await to.run<{ size: number; sha256: string; recomputed: string }>('wait', 'file');
    console.log(`${arrow(from, to)}: 64 MiB file in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    assert.equal(sent.state, 'done');
    assert.deepEqual(got, { size: 64 * 1024 * 1024, sha256: sent.sha256, recomputed: sent.sha256 }, arrow(from, to));
  }
});
