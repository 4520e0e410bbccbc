/** A realm: everything that belongs to one API key (ids, offline queues, presence). */
import type { Limits } from '../protocol/index.js';
import type { ServerClient } from './client.js';
import { Presence } from './presence.js';
import { MessageQueues, type QueueBudget } from './queue.js';

export class Realm {
  /** Registered clients by id. An id is free again as soon as its entry is gone. */
  readonly clients = new Map<string, ServerClient>();
  readonly queues: MessageQueues;
  readonly presence: Presence;

  constructor(readonly key: string, limits: Limits, budget: QueueBudget) {
    this.queues = new MessageQueues(limits, budget);
    this.presence = new Presence(this.clients, limits.maxMetadataBytes);
  }

  /** Registered ids, in registration order. */
  ids(): string[] {
    return [...this.clients.keys()];
  }
}

/** All realms of a server, by key. */
export class Realms {
  private readonly byKey = new Map<string, Realm>();

  constructor(keys: readonly string[], limits: Limits, budget: QueueBudget) {
    for (const key of keys) this.byKey.set(key, new Realm(key, limits, budget));
  }

  get(key: string): Realm | undefined {
    return this.byKey.get(key);
  }

  all(): IterableIterator<Realm> {
    return this.byKey.values();
  }

  /** Registered clients over all keys (what `concurrentLimit` caps). */
  get clientCount(): number {
    let n = 0;
    for (const r of this.byKey.values()) n += r.clients.size;
    return n;
  }

  /** True if `id` is registered under any key (so `/id` never hands out a live one). */
  hasId(id: string): boolean {
    for (const r of this.byKey.values()) if (r.clients.has(id)) return true;
    return false;
  }
}
