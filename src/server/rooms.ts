/**
 * Room membership of one realm (key) on this node (`P2PKIT-ROOM`): validates requests, keeps which
 * local clients are in which room (to deliver pushes), and asks the {@link RoomStore} for the
 * shared truth (members, sequence numbers, the cap). Membership ends at once when a client leaves
 * the room or is unregistered (socket close, heartbeat timeout, LEAVE).
 */
import {
  MAX_ROOMS_PER_CLIENT, MessageType, RoomErrorText, isValidRoomName,
  type JsonObject, type RoomErrorCode, type RoomEvent, type RoomRequest,
} from '../protocol/index.js';
import type { ServerClient } from './client.js';
import type { Log } from './log.js';
import type { RoomEntry, RoomStore } from './rooms-store.js';
import { when } from './store.js';

const frame = (event: RoomEvent): string => JSON.stringify({ type: MessageType.Room, payload: event });

export class RealmRooms {
  /** Local members per room (joined, or whose join the store is still answering). */
  private readonly local = new Map<string, Set<ServerClient>>();
  /** Rooms per local client. */
  private readonly roomsOf = new Map<ServerClient, Set<string>>();
  /** `room\0id` of joins on their way, with the pushes that came meanwhile (sent after `joined`). */
  private readonly pending = new Map<string, string[]>();
  /** `room\0id` → the member's own join seq, to drop late `join` pushes about members it was given. */
  private readonly seqs = new Map<string, number>();

  constructor(private readonly key: string, private readonly store: RoomStore, private readonly log: Log,
    private readonly cap: number, private readonly maxMetadataBytes: number) {}

  apply(client: ServerClient, req: RoomRequest): void {
    const { room } = req;
    if (!isValidRoomName(room)) return this.refuse(client, room, 'invalid-room');
    if (req.action !== 'leave' && req.metadata && Buffer.byteLength(JSON.stringify(req.metadata)) > this.maxMetadataBytes) {
      return this.refuse(client, room, 'metadata-too-big');
    }
    const mine = this.roomsOf.get(client);
    if (req.action === 'join') {
      const max = req.max ?? this.cap;
      if (!Number.isInteger(max) || max < 2 || max > this.cap) return this.refuse(client, room, 'invalid-max', this.cap);
      if (!mine?.has(room) && (mine?.size ?? 0) >= MAX_ROOMS_PER_CLIENT) return this.refuse(client, room, 'too-many-rooms');
      if (this.pending.has(slot(room, client))) return; // the answer to the first join is on its way
      return this.join(client, room, max, req.metadata);
    }
    if (!mine?.has(room) || this.pending.has(slot(room, client))) return this.refuse(client, room, 'not-member');
    if (req.action === 'leave') {
      this.drop(client, room, 'left');
      client.send(frame({ event: 'left', room }));
      return;
    }
    when(this.store.update(this.key, room, client.id, req.metadata), (member) => {
      if (member) this.store.publish(this.key, room, frame({ event: 'update', room, member }), client.id);
    }, (err) => this.failed(client, room, 'update', err));
  }

  /** `client` was unregistered: it leaves every room at once. */
  removed(client: ServerClient): void {
    for (const room of [...this.roomsOf.get(client) ?? []]) this.drop(client, room, 'gone');
  }

  /** A push from the store (any node) for our members of `room`, except the one it is about. */
  deliver(room: string, text: string, except: string): void {
    for (const c of this.local.get(room) ?? []) {
      if (c.id === except) continue;
      const s = slot(room, c);
      const held = this.pending.get(s);
      if (held) held.push(text);
      else if (!this.listedBefore(text, this.seqs.get(s))) c.send(text);
    }
  }

  /** Members whose node died were dropped by the store: tell the rest. */
  lapsed(room: string, id: string): void {
    this.store.publish(this.key, room, frame({ event: 'leave', room, id, reason: 'gone' }), id);
  }

  /** This node's memberships (for the store's refresh). */
  entries(): RoomEntry[] {
    const out: RoomEntry[] = [];
    for (const [room, members] of this.local) for (const c of members) out.push({ key: this.key, room, id: c.id });
    return out;
  }

  private join(client: ServerClient, room: string, max: number, metadata: JsonObject | undefined): void {
    const s = slot(room, client);
    const held: string[] = [];
    this.pending.set(s, held);
    this.add(client, room);
    when(this.store.join(this.key, room, client.id, metadata, max, Date.now()), (r) => {
      for (const id of r.lapsed) this.lapsed(room, id);
      if (this.pending.get(s) !== held) { // left (or unregistered) while the store answered
        if (r.ok) this.forget(room, client.id, 'gone');
        return;
      }
      this.pending.delete(s);
      if (!r.ok) {
        this.remove(client, room);
        return this.refuse(client, room, 'full', max);
      }
      this.seqs.set(s, r.self.seq);
      client.send(frame({ event: 'joined', room, seq: r.self.seq, max, members: r.members }));
      for (const text of held) if (!this.listedBefore(text, r.self.seq)) client.send(text);
      if (!r.again) this.store.publish(this.key, room, frame({ event: 'join', room, member: r.self }), client.id);
    }, (err) => {
      if (this.pending.get(s) === held) { this.pending.delete(s); this.remove(client, room); }
      this.failed(client, room, 'join', err);
    });
  }

  /** Ends `client`'s membership of `room` here and in the store, and tells the others. */
  private drop(client: ServerClient, room: string, reason: 'left' | 'gone'): void {
    this.remove(client, room);
    // A join still on its way is undone when its answer comes (see join).
    if (!this.pending.delete(slot(room, client))) this.forget(room, client.id, reason);
  }

  private forget(room: string, id: string, reason: 'left' | 'gone'): void {
    when(this.store.leave(this.key, room, id, frame({ event: 'leave', room, id, reason })), () => {},
      (err) => this.log.error('store.error', { op: 'room-leave', error: err.message }));
  }

  private add(client: ServerClient, room: string): void {
    let members = this.local.get(room);
    if (!members) this.local.set(room, members = new Set());
    members.add(client);
    let mine = this.roomsOf.get(client);
    if (!mine) this.roomsOf.set(client, mine = new Set());
    mine.add(room);
  }

  /**
   * A `join` push about a member older than the recipient (lower seq) is one the recipient already got
   * in its `joined` list: with Redis, that push can reach this node after the recipient's own join.
   */
  private listedBefore(text: string, own: number | undefined): boolean {
    if (own === undefined || !text.includes('"event":"join"')) return false;
    const event = (JSON.parse(text) as { payload: RoomEvent }).payload;
    return event.event === 'join' && event.member.seq < own;
  }

  private remove(client: ServerClient, room: string): void {
    this.seqs.delete(slot(room, client));
    const members = this.local.get(room);
    members?.delete(client);
    if (members?.size === 0) this.local.delete(room);
    const mine = this.roomsOf.get(client);
    mine?.delete(room);
    if (mine?.size === 0) this.roomsOf.delete(client);
  }

  private refuse(client: ServerClient, room: string, code: RoomErrorCode, max?: number): void {
    client.send(frame({ event: 'error', room, code, msg: RoomErrorText[code], ...(max !== undefined ? { max } : {}) }));
  }

  private failed(client: ServerClient, room: string, op: string, err: Error): void {
    this.log.error('store.error', { op: `room-${op}`, error: err.message });
    this.refuse(client, room, 'server-error');
  }
}

const slot = (room: string, c: ServerClient): string => `${room}\0${c.id}`;
