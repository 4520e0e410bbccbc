/**
 * Offline queue (PROTOCOL.md §1.5): messages for an id that is not connected wait per destination
 * until it attaches or the queue expires. Capped per destination and in total so memory stays bounded.
 */
import type { Limits } from '../protocol/index.js';

/** A queued relay, already serialized (src forced) so delivery is a plain send. */
export interface Queued { src: string; text: string }

interface DestinationQueue {
  /** PeerServer's `lastReadAt`: creation time, so expiry counts from the first queued message. */
  createdAt: number;
  items: Queued[];
  bytes: number;
}

/** Total-bytes budget shared by every realm's queues. */
export class QueueBudget {
  used = 0;
  constructor(readonly max: number) {}
}

/** One expired queue: the unreachable id and each distinct sender that gets an `EXPIRE`. */
export interface Expired { dst: string; senders: string[] }

export class MessageQueues {
  private readonly queues = new Map<string, DestinationQueue>();

  constructor(private readonly limits: Limits, private readonly budget: QueueBudget) {}

  /** Appends a message for `dst`. False (nothing stored) when a cap would be exceeded. */
  add(dst: string, item: Queued, now: number): boolean {
    const bytes = Buffer.byteLength(item.text);
    const q = this.queues.get(dst);
    if (this.budget.used + bytes > this.budget.max) return false;
    if (q && (q.items.length >= this.limits.maxQueuedPerDestination || q.bytes + bytes > this.limits.maxQueuedBytesPerDestination)) return false;
    if (!q && bytes > this.limits.maxQueuedBytesPerDestination) return false;
    const queue = q ?? { createdAt: now, items: [], bytes: 0 };
    if (!q) this.queues.set(dst, queue);
    queue.items.push(item);
    queue.bytes += bytes;
    this.budget.used += bytes;
    return true;
  }

  /** Removes and returns `dst`'s queue in FIFO order (empty if none). */
  take(dst: string): Queued[] {
    const q = this.queues.get(dst);
    if (!q) return [];
    this.queues.delete(dst);
    this.budget.used -= q.bytes;
    return q.items;
  }

  /** Drops `dst`'s queue without delivering it. */
  clear(dst: string): void {
    this.take(dst);
  }

  /** Removes every queue at least `timeout` ms old and reports who must be told. */
  expire(now: number, timeout: number): Expired[] {
    const out: Expired[] = [];
    for (const [dst, q] of this.queues) {
      if (now - q.createdAt < timeout) continue;
      this.take(dst);
      out.push({ dst, senders: [...new Set(q.items.map((i) => i.src))] });
    }
    return out;
  }

  /** Number of destinations with a queue. */
  get size(): number {
    return this.queues.size;
  }

  /** Drops everything (server close). */
  clearAll(): void {
    for (const dst of [...this.queues.keys()]) this.take(dst);
  }
}
