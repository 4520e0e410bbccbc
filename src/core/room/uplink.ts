/**
 * The uplink policy of a mesh: every member encodes its camera once per link, so the total upload
 * budget (default 2 Mbps, ROOMS.md §5) is split across the links, and the resolution steps down as
 * links are added (CPU: one encode per link). Applied per sender with `setParameters` (no SDP).
 */

/** Per-link video caps by number of links (n − 1 for n members), from ROOMS.md §5. */
const STEPS: readonly { links: number; kbps: number; height: number }[] = [
  { links: 1, kbps: 1500, height: 720 },
  { links: 2, kbps: 900, height: 540 },
  { links: 3, kbps: 600, height: 360 },
  { links: 5, kbps: 350, height: 270 },
  { links: Infinity, kbps: 240, height: 180 },
];

export const DEFAULT_UPLINK_KBPS = 2000;

/** Video bitrate (bps) and `scaleResolutionDownBy` for each of `links` links of a camera `sourceHeight` px high. */
export function uplinkPolicy(links: number, sourceHeight: number, budgetKbps = DEFAULT_UPLINK_KBPS): { maxBitrate: number; scaleResolutionDownBy: number } {
  const step = STEPS.find((s) => links <= s.links)!;
  const kbps = Math.min(step.kbps, Math.floor(budgetKbps / Math.max(1, links)));
  return { maxBitrate: kbps * 1000, scaleResolutionDownBy: Math.max(1, sourceHeight / step.height) };
}

/** Applies the policy to the video sender of `pc` (ignored when the browser refuses: the link still works). */
export async function applyUplink(pc: RTCPeerConnection | undefined, links: number, budgetKbps?: number): Promise<void> {
  const sender = pc?.getSenders().find((s) => s.track?.kind === 'video');
  if (!sender?.track) return;
  const height = sender.track.getSettings().height ?? 720;
  const { maxBitrate, scaleResolutionDownBy } = uplinkPolicy(links, height, budgetKbps);
  const params = sender.getParameters();
  if (!params.encodings?.length) return;
  params.encodings[0] = { ...params.encodings[0], maxBitrate, scaleResolutionDownBy };
  await sender.setParameters(params).catch(() => {});
}
