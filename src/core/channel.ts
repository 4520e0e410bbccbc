/**
 * Writes frames to an RTCDataChannel with backpressure: waits for `bufferedamountlow` instead of
 * polling (PeerJS polls every 50 ms), so a huge send keeps the channel full without ever holding
 * more than `HIGH_WATER` bytes in the browser's send buffer (Chromium closes channels that overflow ~16 MiB).
 * The channel's first megabytes are paced ({@link StartPacer}) to dodge the first-transfer stall.
 */
import { PeerError } from './errors.js';
import { StartPacer } from './pacer.js';
import type { OutFrame } from './serializers/types.js';

/** Stop handing frames over above this many buffered bytes. */
export const HIGH_WATER = 8 * 1024 * 1024;
/** …and resume when the buffer drains below this. */
export const LOW_WATER = 2 * 1024 * 1024;
/** Largest frame we write, whatever the channel allows (Chromium's limit). */
export const MAX_FRAME = 256 * 1024;

/** Largest frame for this connection: the SCTP transport's `maxMessageSize`, capped at {@link MAX_FRAME}. */
export function frameSizeOf(pc: RTCPeerConnection | undefined): number {
  const max = pc?.sctp?.maxMessageSize;
  return Math.max(16 * 1024, Math.min(MAX_FRAME, max && Number.isFinite(max) ? max : 64 * 1024));
}

export class ChannelWriter {
  private readonly pacer = new StartPacer();

  constructor(private readonly dc: RTCDataChannel) {
    dc.bufferedAmountLowThreshold = LOW_WATER;
  }

  /** Sends one frame once the buffer has room; rejects with `connection-closed` if the channel closes first. */
  async write(frame: OutFrame): Promise<void> {
    const size = typeof frame === 'string' ? frame.length * 3 : frame.byteLength;
    const wait = this.pacer.delay(size);
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (this.dc.readyState === 'open' && this.dc.bufferedAmount + size > HIGH_WATER) await this.drained();
    if (this.dc.readyState !== 'open') throw new PeerError('connection-closed', 'The data channel is closed');
    try {
      // DOM typings take the overloads one by one; the union is fine at runtime.
      this.dc.send(frame as ArrayBuffer);
    } catch (cause) {
      throw new PeerError('message-too-big', `The channel refused a ${size}-byte frame`, { cause });
    }
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.dc.removeEventListener('bufferedamountlow', done);
        this.dc.removeEventListener('close', done);
        resolve();
      };
      this.dc.addEventListener('bufferedamountlow', done);
      this.dc.addEventListener('close', done);
    });
  }
}
