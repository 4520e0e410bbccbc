/** The room part of `npm run bench`: builds the room page, starts our server, measures, makes rows. */
import { buildPage, servePages } from '../browser/pages.js';
import { startKit } from '../lib/signal.js';
import type { Metric } from '../lib/stats.js';
import { roomMetrics } from './metrics.js';
import { runRooms } from './suite.js';

const SIZES = [2, 4, 6];

export async function runRoomBench(o: { runs: number; log(line: string): void; notes: string[] }): Promise<Metric[]> {
  const err = await buildPage('room');
  const kit = err ? err : await startKit();
  if (typeof kit === 'string') { o.notes.push(`room figures not measured: ${kit}`); return roomMetrics({}, SIZES); }
  const pages = await servePages();
  try {
    return roomMetrics(await runRooms({ origin: pages.origin, signal: kit.signal, sizes: SIZES, runs: o.runs, log: o.log }), SIZES);
  } finally {
    await pages.close();
    await kit.close();
  }
}
