/** Wires room membership into the server: one store (memory or Redis) and a {@link RealmRooms} per key. */
import type { Log } from './log.js';
import type { ResolvedOptions } from './options.js';
import type { Realms } from './realm.js';
import { RealmRooms } from './rooms.js';
import { MemoryRoomStore, type RoomStore, type RoomStoreHooks } from './rooms-store.js';
import { RedisRoomStore } from './rooms-store-redis.js';

export type { RoomStore };

/** The room store for `opts` and a factory of per-key rooms; `realms` is read only once they exist. */
export function roomsFor(opts: ResolvedOptions, log: Log, realms: () => Realms): { store: RoomStore; forKey: (key: string) => RealmRooms } {
  const hooks: RoomStoreHooks = {
    deliver: (key, room, text, except) => realms().get(key)?.rooms.deliver(room, text, except),
    local: () => [...realms().all()].flatMap((r) => r.rooms.entries()),
    lapsed: (entries) => { for (const e of entries) realms().get(e.key)?.rooms.lapsed(e.room, e.id); },
  };
  const store: RoomStore = opts.redis ? new RedisRoomStore(opts.redis, opts.keys, hooks, log) : new MemoryRoomStore(hooks);
  return { store, forKey: (key) => new RealmRooms(key, store, log, opts.roomCap, opts.limits.maxMetadataBytes) };
}
