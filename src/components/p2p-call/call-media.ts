/**
 * Local media for a call: getting camera/microphone, listing devices, switching a device or the
 * screen into a running call. DOM-only helpers, no lit, no state of their own.
 */
import type { CallConnection } from '../shared/index.js';

/** Moved to the shared core types; re-exported for existing imports. */
export type { CallConnection } from '../shared/index.js';

/** What to ask `getUserMedia()` for. */
export interface MediaWish { video: boolean; camera?: string; microphone?: string }

/** Asks for camera and/or microphone; specific devices when ids are given. */
export function getLocalMedia(wish: MediaWish): Promise<MediaStream> {
  const pick = (id?: string): MediaTrackConstraints | true => (id ? { deviceId: { exact: id } } : true);
  return navigator.mediaDevices.getUserMedia({ audio: pick(wish.microphone), video: wish.video ? pick(wish.camera) : false });
}

/** Cameras and microphones (labels are empty before permission was granted once). */
export async function listDevices(): Promise<MediaDeviceInfo[]> {
  const all = await navigator.mediaDevices?.enumerateDevices?.() ?? [];
  return all.filter((d) => d.kind === 'videoinput' || d.kind === 'audioinput');
}

/**
 * Puts `track` into the call in place of the current track of its kind: through the core's
 * `replaceTrack` (which renegotiates between p2p-kit peers when the call had no such track), else
 * straight on the RTCRtpSender (PeerJS peers).
 */
export async function sendTrack(call: CallConnection, kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
  if (call.replaceTrack) return call.replaceTrack(kind, track);
  const sender = call.peerConnection?.getSenders().find((s) => s.track?.kind === kind);
  await sender?.replaceTrack(track);
}

/** Swaps the track of `kind` in `stream` for `track` (so previews follow) and stops the old one unless kept. */
export function swapTrack(stream: MediaStream, track: MediaStreamTrack, keep?: MediaStreamTrack): MediaStreamTrack | undefined {
  const old = stream.getTracks().find((t) => t.kind === track.kind);
  if (old) stream.removeTrack(old);
  stream.addTrack(track);
  if (old && old !== keep) old.stop();
  return old;
}

/** Stops every track of `stream`. */
export function stopAll(stream: MediaStream | null | undefined): void {
  for (const t of stream?.getTracks() ?? []) t.stop();
}
