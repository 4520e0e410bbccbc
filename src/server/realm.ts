/**
 * A realm: what this node holds for one API key (its clients' sockets, its presence subscribers).
 * What the nodes share (ids, queues, the presence list) is in the {@link Store}.
 */
import type { Limits } from '../protocol/index.js';
import type { ServerClient } from './client.js';
import { Presence } from './presence.js';
import type { RealmRooms } from './rooms.js';
import type { Store } from './store.js';

export class Realm {
  /** Clients registered on this node, by id. */
  readonly clients = new Map<string, ServerClient>();
  readonly presence: Presence;
  readonly rooms: RealmRooms;

  constructor(readonly key: string, limits: Limits, store: Store, rooms: (key: string) => RealmRooms) {
    this.presence = new Presence(key, store, limits.maxMetadataBytes);
    this.rooms = rooms(key);
  }

  /** Registered ids, in registration order. */
  ids(): string[] {
    return [...this.clients.keys()];
  }
}

/** All realms of a server, by key. */
export class Realms {
  private readonly byKey = new Map<string, Realm>();

  constructor(keys: readonly string[], limits: Limits, store: Store, rooms: (key: string) => RealmRooms) {
    for (const key of keys) this.byKey.set(key, new Realm(key, limits, store, rooms));
  }

  get(key: string): Realm | undefined {
    return this.byKey.get(key);
  }

  all(): IterableIterator<Realm> {
    return this.byKey.values();
  }

  /** Clients registered on this node over all keys (what `concurrentLimit` caps). */
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
