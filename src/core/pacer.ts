/**
 * Paces the first bytes written to a new data channel. Measured with bench/first-transfer.ts
 * (Chromium 156, two renderers on loopback): a bulk transfer on a fresh channel stalls once for
 * 0.4–1.1 s — for raw WebRTC as for us, whatever the chunk size or bufferedAmount watermarks —
 * when the sender hands over more than ~8 MiB/s at the start (the kernel drops no UDP datagrams:
 * `RcvbufErrors` stays put, so it is the SCTP stack's own back-off). Held at 8 MiB/s, the first
 * 8 MiB arrive with no gap over 60 ms, ~3× raw's first transfer; later transfers run unpaced.
 */
import { systemClock, type Clock } from './clock.js';

/** Rate of the paced start, in bytes per ms (8 MiB/s). */
export const START_RATE = (8 * 1024 * 1024) / 1000;
/** Bytes of a channel's life that are paced. */
export const PACED_BYTES = 8 * 1024 * 1024;

export class StartPacer {
  private sent = 0;
  private start: number | undefined;

  constructor(private readonly clock: Pick<Clock, 'now'> = systemClock) {}

  /** How long (ms) to wait before handing over the next `bytes`; counts them as written. 0 = now. */
  delay(bytes: number): number {
    if (this.sent >= PACED_BYTES) return 0;
    const now = this.clock.now();
    this.start ??= now;
    const due = this.sent / START_RATE;
    this.sent += bytes;
    return Math.max(0, due - (now - this.start));
  }
}
