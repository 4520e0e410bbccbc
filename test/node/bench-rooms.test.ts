// The room bench's pure parts: its rows (only p2p-kit has rooms) and the CPU of a process tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { roomMetrics } from '../../bench/rooms/metrics.js';
import { treeCpu } from '../../bench/rooms/suite.js';

test('room rows: medians in the p2p-kit column, — for PeerJS and raw', () => {
  const rows = roomMetrics({ 'room.join.2': [300, 100, 200], 'room.cpu.4': [40] }, [2, 4]);
  assert.deepEqual(rows.map((r) => r.key), ['room.join.2', 'room.join.4', 'room.uplink.4', 'room.cpu.4']);
  assert.equal(rows[0]!.values.kit.median, 200);
  assert.equal(rows[1]!.values.kit.median, null);
  assert.equal(rows[3]!.values.kit.median, 40);
  assert.equal(rows[0]!.values.peerjs.note, '—');
});

test('treeCpu counts a busy child process and not the process itself', async () => {
  const own0 = treeCpu(process.pid);
  for (const end = Date.now() + 300; Date.now() < end;); // our own CPU: not counted
  assert.ok(treeCpu(process.pid) - own0 < 0.1, 'the root process itself is left out');
  const child = spawn(process.execPath, ['-e', 'const e = Date.now() + 3000; while (Date.now() < e);']);
  try {
    const before = treeCpu(process.pid);
    await new Promise((r) => setTimeout(r, 800));
    assert.ok(treeCpu(process.pid) - before >= 0.15, 'a child spinning for 0.8 s shows CPU seconds');
  } finally {
    child.kill('SIGKILL');
  }
});
