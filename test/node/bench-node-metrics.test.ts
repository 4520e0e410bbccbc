// Pure rows of the bench's Node ↔ Chromium suite (bench/node/metrics.ts): medians in the p2p-kit
// column and a ratio against the Chromium ↔ Chromium row of the same run. No timing is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figure, type Metric } from '../../bench/lib/stats.js';
import { nodeMetrics } from '../../bench/node/metrics.js';

const MiB = 1024 * 1024;
const browserRow = (key: string, median: number): Metric => ({
  key, label: key, unit: 'MiB/s', better: 'higher', values: { kit: figure([median]), peerjs: figure([]), raw: figure([]) },
});

test('nodeMetrics: median per direction and size, ratio against the Chromium ↔ Chromium row of the same phase', () => {
  const rows = nodeMetrics({ 'node.big.toNode': [4, 8, 6], 'node.big.fromNode': [3] }, [8 * MiB, 64 * MiB], [browserRow('data.big.steady', 12), browserRow('data.small.steady', 99)]);
  const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
  assert.equal(byKey['node.big.toNode'].values.kit.median, 6);
  assert.equal(byKey['node.big.toNode'].label, '64 MiB one send(), Chromium → Node, steady state (MiB/s)');
  assert.equal(byKey['node.big.toNode.ratio'].values.kit.median, 0.5);
  assert.equal(byKey['node.big.fromNode.ratio'].values.kit.median, 0.25);
  assert.equal(byKey['node.big.toNode'].values.peerjs.note, '—');
  // The small transfer is the first on its connection: compared with data.small.first, absent here (e.g. --only=node).
  assert.equal(byKey['node.small.toNode.ratio'].values.kit.median, null);
  assert.match(byKey['node.small.toNode.ratio'].values.kit.note ?? '', /no Chromium ↔ Chromium row/);
  assert.equal(byKey['node.small.toNode'].values.kit.median, null);
});
