/**
 * `<p2p-call>`'s own camera and microphone: getting them through a lit `Task` (whose status the
 * template shows), the device list for the pickers (kept fresh on `devicechange` while the element
 * is connected), and mute / camera-off applied to the tracks.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import { getLocalMedia, listDevices, stopAll } from './call-media.js';

/** What the controller reads from and writes to `<p2p-call>`. */
export interface LocalMediaHost extends ReactiveControllerHost {
  readonly noVideo: boolean;
  readonly camera?: string;
  readonly microphone?: string;
  readonly muted: boolean;
  readonly cameraOff: boolean;
  readonly localStream: MediaStream | null;
  devices: MediaDeviceInfo[];
}

/** The media task's arguments: video wanted, camera id, microphone id. */
export type MediaArgs = readonly [boolean, string | undefined, string | undefined];

export class LocalMedia implements ReactiveController {
  /** Local media acquisition (status/value/error for the UI; rerun per call). */
  readonly task: Task<MediaArgs, MediaStream>;
  private devicesAbort?: AbortController;

  constructor(private readonly host: LocalMediaHost) {
    host.addController(this);
    this.task = new Task(host, {
      task: async ([video, camera, microphone]: MediaArgs, { signal }) => {
        const stream = await getLocalMedia({ video, camera, microphone });
        if (signal.aborted) { stopAll(stream); throw signal.reason; }
        return stream;
      },
      args: () => [!host.noVideo, host.camera, host.microphone] as const,
      autoRun: false,
    });
  }

  hostConnected(): void {
    this.devicesAbort = new AbortController();
    const refresh = () => void listDevices().then((d) => { this.host.devices = d; }, () => {});
    navigator.mediaDevices?.addEventListener?.('devicechange', refresh, { signal: this.devicesAbort.signal });
    refresh();
  }

  hostDisconnected(): void {
    this.devicesAbort?.abort();
  }

  /** Asks for camera/mic; `undefined` on failure (the reason is in `task.error`). */
  async acquire(): Promise<MediaStream | undefined> {
    await this.task.run();
    // On failure a Task keeps its previous (already stopped) value: trust the status, not the value.
    return this.task.status === TaskStatus.COMPLETE ? this.task.value : undefined;
  }

  /** Applies mute / camera-off to the current local tracks. */
  applyToggles(): void {
    const { localStream, muted, cameraOff } = this.host;
    for (const t of localStream?.getAudioTracks() ?? []) t.enabled = !muted;
    for (const t of localStream?.getVideoTracks() ?? []) t.enabled = !cameraOff;
  }
}
