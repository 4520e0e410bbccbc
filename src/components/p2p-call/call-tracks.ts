/**
 * Switching what a running call sends: the screen instead of the camera and back, or another
 * camera/microphone. Keeps the camera track while the screen is shared, so going back is instant.
 */
import { P2PError } from '../shared/index.js';
import { type CallConnection, sendTrack, swapTrack } from './call-media.js';

/** What the switcher needs from `<p2p-call>`. */
export interface TrackHost {
  readonly connection?: CallConnection;
  readonly localStream: MediaStream | null;
  screenSharing: boolean;
  /** True while the call can carry media (`connecting` or `active`). */
  readonly inCall: boolean;
  /** Re-applies mute / camera-off to the current tracks. */
  applyToggles(): void;
  /** Reports a getUserMedia/getDisplayMedia failure as `p2p-error` and returns the error to throw. */
  mediaError(err: unknown): P2PError;
}

export class CallTracks {
  private cameraTrack?: MediaStreamTrack;

  constructor(private readonly host: TrackHost) {}

  /** Sends `stream`'s video (default: ask `getDisplayMedia()`) in place of the camera. */
  async share(stream?: MediaStream): Promise<void> {
    const h = this.host;
    const call = h.connection;
    const local = h.localStream;
    if (!call || !local || !h.inCall) throw new P2PError('not-connected', 'Screen sharing needs an active call');
    let screen: MediaStream;
    try { screen = stream ?? await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false }); } catch (err) {
      throw h.mediaError(err);
    }
    const track = screen.getVideoTracks()[0];
    if (!track) throw h.mediaError(new DOMException('The shared stream has no video', 'NotFoundError'));
    this.cameraTrack ??= local.getVideoTracks()[0];
    await sendTrack(call, 'video', track);
    if (!local.getTracks().includes(track)) swapTrack(local, track, this.cameraTrack);
    // The browser's own "Stop sharing" button ends the track: go back to the camera then.
    track.addEventListener('ended', () => { if (h.screenSharing) void this.unshare(); }, { once: true });
    h.screenSharing = true;
    h.applyToggles();
  }

  /** Back from the screen to the camera; the screen track is stopped. */
  async unshare(): Promise<void> {
    const h = this.host;
    const call = h.connection;
    const local = h.localStream;
    const cam = this.cameraTrack;
    const screen = local?.getVideoTracks().find((t) => t !== cam);
    h.screenSharing = false;
    this.cameraTrack = undefined;
    if (call && cam && local) {
      await sendTrack(call, 'video', cam).catch(() => {});
      if (!local.getTracks().includes(cam)) swapTrack(local, cam);
    }
    screen?.stop();
    h.applyToggles();
  }

  /** Sends `deviceId`'s track of `kind` from now on (while sharing, the camera is swapped behind the screen). */
  async switchDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
    const h = this.host;
    const call = h.connection;
    const local = h.localStream;
    if (!call || !local) return;
    let track: MediaStreamTrack | undefined;
    try {
      const s = await navigator.mediaDevices.getUserMedia({ [kind]: { deviceId: { exact: deviceId } } });
      track = s.getTracks()[0];
    } catch (err) { throw h.mediaError(err); }
    if (!track) return;
    if (h.connection !== call) { track.stop(); return; }
    if (kind === 'video' && h.screenSharing) { this.cameraTrack?.stop(); this.cameraTrack = track; return; }
    // Taken before sending: the core's replaceTrack() swaps the track in the shared stream itself.
    const previous = local.getTracks().find((t) => t.kind === kind);
    await sendTrack(call, kind, track);
    if (!local.getTracks().includes(track)) swapTrack(local, track);
    if (previous && previous !== track) { local.removeTrack(previous); previous.stop(); }
    h.applyToggles();
  }

  /** The call ended: stops the tracks held here (the screen track goes with the local stream). */
  release(): void {
    this.cameraTrack?.stop();
    this.cameraTrack = undefined;
    this.host.screenSharing = false;
  }
}
