/**
 * Who is speaking, from the audio level senders write into each RTP packet (RFC 6464), read with
 * `RTCRtpReceiver.getSynchronizationSources()`: synchronous, cheap, the same in Chromium and
 * Firefox (ROOMS.md §4c), polled at ~5 Hz. Hysteresis keeps the highlight from flickering.
 */
const POLL_MS = 200;
const ON = 0.05;
const OFF = 0.02;

export interface SpeakingHooks {
  /** The audio receiver of each member's link. */
  receivers(): [id: string, receiver: RTCRtpReceiver][];
  /** A member's level (0..1) was read; `speaking` flips with hysteresis. */
  level(id: string, level: number, speaking: boolean): void;
}

export class SpeakingMeter {
  private timer?: ReturnType<typeof setInterval>;
  private readonly speaking = new Set<string>();

  constructor(private readonly hooks: SpeakingHooks) {}

  start(): void {
    this.timer ??= setInterval(() => this.poll(), POLL_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.speaking.clear();
  }

  private poll(): void {
    for (const [id, receiver] of this.hooks.receivers()) {
      const level = receiver.getSynchronizationSources?.()[0]?.audioLevel ?? 0;
      const was = this.speaking.has(id);
      const now = was ? level > OFF : level > ON;
      if (now) this.speaking.add(id); else this.speaking.delete(id);
      this.hooks.level(id, level, now);
    }
  }
}
