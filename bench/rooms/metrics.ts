/**
 * Rows for the room figures (pure). Rooms exist only in p2p-kit, so the PeerJS and raw WebRTC
 * columns say `—` (neither has a mesh room to compare with).
 */
import { figure, type Figure, type Metric } from '../lib/stats.js';
import type { RoomSamples } from './suite.js';

const none = (): Figure => figure([], '—');

export function roomMetrics(s: RoomSamples, sizes: readonly number[]): Metric[] {
  const row = (key: string, label: string, unit: string, better: Metric['better']): Metric =>
    ({ key, label, unit, better, values: { kit: figure(s[key] ?? []), peerjs: none(), raw: none() } });
  return [
    ...sizes.map((n) => row(`room.join.${n}`, `room of ${n}: all join() at once → every link connected (ms)`, 'ms', 'lower')),
    row('room.uplink.4', 'room of 4: upload per member, RTP audio + video (kbps)', 'kbps', 'lower'),
    row('room.cpu.4', 'room of 4: browser CPU per member (% of one core)', '%', 'lower'),
  ];
}
