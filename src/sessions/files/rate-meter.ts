/**
 * Transfer speed and time left, from (time, bytes) samples over a short sliding window, so the
 * number follows the link's current speed instead of the average since the start.
 */
export class RateMeter {
  private samples: { t: number; bytes: number }[] = [];

  /**
   * @param windowMs how far back the speed looks.
   * @param now the clock (injected so tests need no timers).
   */
  constructor(private readonly windowMs = 2000, private readonly now: () => number = () => performance.now()) {}

  /** Records that `bytes` bytes in total have been moved so far. */
  record(bytes: number): void {
    const t = this.now();
    const last = this.samples[this.samples.length - 1];
    if (last && last.t === t) last.bytes = bytes;
    else this.samples.push({ t, bytes });
    // Keep one sample older than the window so the rate spans the whole window.
    while (this.samples.length > 2 && t - this.samples[1].t >= this.windowMs) this.samples.shift();
  }

  /** Forgets history (after a pause or resume the old rate means nothing). */
  reset(): void { this.samples = []; }

  /** Bytes per second over the window; 0 until two samples exist. */
  get bytesPerSecond(): number {
    if (this.samples.length < 2) return 0;
    const a = this.samples[0];
    const b = this.samples[this.samples.length - 1];
    return b.t > a.t ? ((b.bytes - a.bytes) * 1000) / (b.t - a.t) : 0;
  }

  /** Seconds left to move `remaining` bytes at the current speed, or `null` when unknown. */
  eta(remaining: number): number | null {
    if (remaining <= 0) return 0;
    const rate = this.bytesPerSecond;
    return rate > 0 ? remaining / rate : null;
  }
}
