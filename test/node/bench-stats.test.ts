// Pure helpers of `npm run bench` (bench/lib): medians, ratios, number format, the results table.
// No timings are asserted anywhere; the benchmark itself is not part of `npm test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figure, fmt, fmtRatio, markdownTable, median, ratio, type Metric } from '../../bench/lib/stats.js';
import { bundleMetrics, serverMetrics } from '../../bench/lib/metrics.js';

test('median: odd, even, unsorted, non-finite dropped, empty is null', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([5, Number.NaN, 1, Infinity, 3]), 3);
  assert.equal(median([]), null);
});

test('ratio and formatting', () => {
  assert.equal(ratio(3, 2), 1.5);
  assert.equal(ratio(null, 2), null);
  assert.equal(ratio(1, 0), null);
  assert.equal(fmt(12345.6), '12346');
  assert.equal(fmt(42.25), '42.3');
  assert.equal(fmt(1.234), '1.23');
  assert.equal(fmt(0.012345), '0.0123');
  assert.equal(fmt(null), 'n/a');
  assert.equal(fmtRatio(0.5), '0.50×');
  assert.equal(fmtRatio(null), 'n/a');
});

test('figure: keeps finite samples, notes why it is empty', () => {
  assert.deepEqual(figure([2, Number.NaN, 4]), { median: 3, samples: [2, 4] });
  assert.deepEqual(figure([]), { median: null, samples: [], note: 'n/a' });
  assert.equal(figure([], 'no server').note, 'no server');
});

test('markdownTable: implementation columns, ratio columns, missing cells and escaped pipes', () => {
  const m: Metric = {
    key: 'x', label: 'a | b (ms)', unit: 'ms', better: 'lower',
    values: { kit: figure([10]), peerjs: figure([20]), raw: figure([], 'not built') },
  };
  const lines = markdownTable([m]).split('\n');
  assert.equal(lines[0], '| metric | p2p-kit | PeerJS | raw WebRTC | p2p-kit / PeerJS | p2p-kit / raw |');
  assert.match(lines[1], /^\| --- \|( ---: \|){5}$/);
  assert.equal(lines[2], '| a \\| b (ms) | 10.0 | 20.0 | not built | 0.50× | n/a |');
});

test('server rows map our server to p2p-kit, `peer` to PeerJS and the bare ws relay to raw; bundle rows use kB', () => {
  const rows = serverMetrics({ 'server.rss.1000': { kit: [50, 70, 60], peer: [100], ws: [40] }, 'server.relay.cpu': { kit: [9] } },
    { sizes: [1, 2], levels: [1000], runs: 1, serverRuns: 3 });
  const rss = rows.find((r) => r.key === 'server.rss.1000');
  assert.equal(rss?.values.kit.median, 60);
  assert.equal(rss?.values.peerjs.median, 100);
  assert.equal(rss?.values.raw.median, 40);
  assert.equal(rows.find((r) => r.key === 'server.relay.cpu')?.values.raw.median, null, 'a kind that was not measured stays empty');
  const b = bundleMetrics({
    'kit.peer': { min: 40000, gz: 27000, eagerGz: 15000 }, 'kit.core': { min: 50000, gz: 29000, eagerGz: 16000 },
    'peerjs.esm': { min: 80000, gz: 23000 }, 'kit.all': { min: null, gz: null, note: 'missing' },
  });
  const byKey = (k: string) => b.find((r) => r.key === k)!;
  // { Peer } is compared on what a page loads first; "every export" counts the lazy chunks too.
  assert.equal(byKey('bundle.core').values.kit.median, 15);
  assert.equal(byKey('bundle.core').values.peerjs.median, 23);
  assert.equal(byKey('bundle.coreAll').values.kit.median, 29);
  assert.equal(byKey('bundle.all').values.kit.note, 'missing');
  assert.equal(byKey('bundle.allEager').values.kit.note, 'missing');
});

test('targets: ratios of one run against the issue-15 bounds, met / missed / not measured', async () => {
  const { checkTargets, targetsTable } = await import('../../bench/lib/targets.js');
  const f = (kit: number | null, peerjs: number | null, raw: number | null) => ({
    kit: { median: kit, samples: [] }, peerjs: { median: peerjs, samples: [] }, raw: { median: raw, samples: [] },
  });
  const checks = checkTargets([
    { key: 'connect.warm', label: 'warm (ms)', unit: 'ms', better: 'lower', values: f(10.5, 11, 10) },
    { key: 'data.small.first', label: 'first (MiB/s)', unit: 'MiB/s', better: 'higher', values: f(3, 2, 2) },
    { key: 'bundle.allEager', label: 'all (kB)', unit: 'kB', better: 'lower', values: f(null, null, null) },
  ]);
  assert.deepEqual(checks.map((c) => [c.target, c.met]), [
    ['≤ 1.1× raw', true], ['≤ 1.0× PeerJS', true], ['≥ 2× raw', false], ['≤ 40 kB', null],
  ]);
  assert.match(targetsTable(checks), /\| first \(MiB\/s\) \| ≥ 2× raw \| 1\.50× \| \*\*missed\*\* \|/);
});
