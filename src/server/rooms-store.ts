/**
 * Where room membership lives: this process (default) or Redis (`rooms-store-redis.ts`), so that
 * members on several nodes share one room, one join sequence and one cap. Pushes to members go
 * through the store too, which hands them to every node's {@link RoomStoreHooks.deliver}.
 */
import type { JsonObject, RoomMember } from '../protocol/index.js';
import type { Maybe } from './store.js';

/** Result of a join: `again` when `id` was a member already (its seq and the list, no new push). */
export type JoinResult =
  | { ok: true; again: boolean; self: RoomMember; members: RoomMember[]; lapsed: string[] }
  | { ok: false; count: number; lapsed: string[] };

/** A membership, for refreshing and sweeping. */
export interface RoomEntry { key: string; room: string; id: string }

export interface RoomStoreHooks {
  /** A push for the members of `key`/`room` on this node, except `except` (whom it is about). */
  deliver(key: string, room: string, text: string, except: string): void;
  /** Memberships held by this node's clients (Redis refreshes their lifetime). */
  local(): RoomEntry[];
  /** Members whose node stopped refreshing were dropped: announce their leaves. */
  lapsed(entries: RoomEntry[]): void;
}

export interface RoomStore {
  readonly ready: Promise<void>;
  /** Adds `id` unless the room already has `max` members; `members` are the others. */
  join(key: string, room: string, id: string, metadata: JsonObject | undefined, max: number, now: number): Maybe<JoinResult>;
  /** Removes `id` and, if it was a member, publishes `announce` (its leave) to the others; true if it was. */
  leave(key: string, room: string, id: string, announce: string): Maybe<boolean>;
  /** Replaces `id`'s metadata; the member after the change, undefined if not a member. */
  update(key: string, room: string, id: string, metadata: JsonObject): Maybe<RoomMember | undefined>;
  /** Hands a push to the members of `room` on every node. */
  publish(key: string, room: string, text: string, except: string): void;
  close(): Promise<void>;
}

interface MemoryRoom { nextSeq: number; members: Map<string, RoomMember> }

const memberOf = (id: string, seq: number, metadata: JsonObject | undefined): RoomMember =>
  metadata ? { id, seq, metadata } : { id, seq };

/** One node: everything in this process, answered synchronously. */
export class MemoryRoomStore implements RoomStore {
  readonly ready = Promise.resolve();
  private readonly rooms = new Map<string, MemoryRoom>();

  constructor(private readonly hooks: RoomStoreHooks) {}

  join(key: string, room: string, id: string, metadata: JsonObject | undefined, max: number): JoinResult {
    const slot = `${key}\0${room}`;
    let r = this.rooms.get(slot);
    if (!r) this.rooms.set(slot, r = { nextSeq: 1, members: new Map() });
    const others = (): RoomMember[] => [...r.members.values()].filter((m) => m.id !== id);
    const held = r.members.get(id);
    if (held) return { ok: true, again: true, self: held, members: others(), lapsed: [] };
    if (r.members.size >= max) return { ok: false, count: r.members.size, lapsed: [] };
    const self = memberOf(id, r.nextSeq++, metadata);
    r.members.set(id, self);
    return { ok: true, again: false, self, members: others(), lapsed: [] };
  }

  leave(key: string, room: string, id: string, announce: string): boolean {
    const slot = `${key}\0${room}`;
    const r = this.rooms.get(slot);
    const was = r?.members.delete(id) ?? false;
    if (r && r.members.size === 0) this.rooms.delete(slot); // an empty room is forgotten, seq and all
    if (was) this.hooks.deliver(key, room, announce, id);
    return was;
  }

  update(key: string, room: string, id: string, metadata: JsonObject): RoomMember | undefined {
    const r = this.rooms.get(`${key}\0${room}`);
    const m = r?.members.get(id);
    if (!r || !m) return undefined;
    const next = memberOf(id, m.seq, metadata);
    r.members.set(id, next);
    return next;
  }

  publish(key: string, room: string, text: string, except: string): void {
    this.hooks.deliver(key, room, text, except);
  }

  close(): Promise<void> {
    this.rooms.clear();
    return Promise.resolve();
  }
}
