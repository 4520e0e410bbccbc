/** Abuse limits: a per-socket token bucket and a per-address socket counter. */
import type { IncomingMessage } from 'node:http';

/**
 * Token bucket: `rate` tokens per second, at most `burst` saved up. A peer trickling dozens of ICE
 * candidates a second never notices it; a flood is cut down to `rate`.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly rate: number, private readonly burst: number, now = Date.now()) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token; false when the bucket is empty. */
  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Counts open sockets per remote address. */
export class AddressCounter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Reserves a slot for `address`; false when it already has `max` sockets. */
  acquire(address: string): boolean {
    const n = this.counts.get(address) ?? 0;
    if (n >= this.max) return false;
    this.counts.set(address, n + 1);
    return true;
  }

  release(address: string): void {
    const n = (this.counts.get(address) ?? 1) - 1;
    if (n <= 0) this.counts.delete(address);
    else this.counts.set(address, n);
  }

  get size(): number {
    return this.counts.size;
  }
}

/**
 * The client's address. With `proxied`, the last `X-Forwarded-For` entry: the one our own proxy
 * appended. (The first entry is whatever the client claimed, so limits keyed on it could be dodged.)
 */
export function remoteAddress(req: IncomingMessage, proxied: boolean): string {
  if (proxied) {
    const xff = req.headers['x-forwarded-for'];
    const list = (Array.isArray(xff) ? xff.join(',') : xff ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const last = list.at(-1);
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
