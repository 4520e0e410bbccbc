/**
 * Rooms for the in-page loopback network (`P2PKIT-ROOM`), so a room story or test runs several
 * members in one page with no server: the same requests, events, join sequence numbers, cap and
 * refusal codes as our server (src/server/rooms.ts), kept in memory for one network.
 */
import {
  DEFAULT_ROOM_CAP, MAX_ROOMS_PER_CLIENT, RoomErrorText, isValidRoomName,
  type RoomErrorCode, type RoomEvent, type RoomMember, type RoomRequest,
} from '../protocol/index.js';

interface LoopRoom { seq: number; members: Map<string, RoomMember> }

export class LoopbackRooms {
  private readonly rooms = new Map<string, LoopRoom>();

  constructor(private readonly send: (id: string, event: RoomEvent) => void, private readonly cap = DEFAULT_ROOM_CAP) {}

  apply(id: string, req: RoomRequest): void {
    const { room } = req;
    if (!isValidRoomName(room)) return this.refuse(id, room, 'invalid-room');
    const r = this.rooms.get(room);
    if (req.action === 'join') return this.join(id, room, req.max ?? this.cap, req);
    const me = r?.members.get(id);
    if (!r || !me) return this.refuse(id, room, 'not-member');
    if (req.action === 'leave') {
      this.drop(id, room, 'left');
      return this.send(id, { event: 'left', room });
    }
    me.metadata = req.metadata;
    this.push(r, id, { event: 'update', room, member: me });
  }

  /** `id`'s socket closed: it leaves every room at once. */
  removed(id: string): void {
    for (const [name, r] of [...this.rooms]) if (r.members.has(id)) this.drop(id, name, 'gone');
  }

  private join(id: string, room: string, max: number, req: Extract<RoomRequest, { action: 'join' }>): void {
    if (!Number.isInteger(max) || max < 2 || max > this.cap) return this.refuse(id, room, 'invalid-max', this.cap);
    const r = this.rooms.get(room) ?? { seq: 0, members: new Map<string, RoomMember>() };
    const again = r.members.get(id);
    if (!again) {
      const mine = [...this.rooms.values()].filter((x) => x.members.has(id)).length;
      if (mine >= MAX_ROOMS_PER_CLIENT) return this.refuse(id, room, 'too-many-rooms');
      if (r.members.size >= max) return this.refuse(id, room, 'full', max);
    }
    this.rooms.set(room, r);
    const self: RoomMember = { id, seq: again?.seq ?? ++r.seq, ...(req.metadata ? { metadata: req.metadata } : {}) };
    r.members.set(id, self);
    const members = [...r.members.values()].filter((m) => m.id !== id);
    this.send(id, { event: 'joined', room, seq: self.seq, max, members });
    if (!again) this.push(r, id, { event: 'join', room, member: self });
  }

  private drop(id: string, room: string, reason: 'left' | 'gone'): void {
    const r = this.rooms.get(room);
    if (!r?.members.delete(id)) return;
    if (!r.members.size) this.rooms.delete(room);
    this.push(r, id, { event: 'leave', room, id, reason });
  }

  private push(r: LoopRoom, except: string, event: RoomEvent): void {
    for (const m of r.members.keys()) if (m !== except) this.send(m, event);
  }

  private refuse(id: string, room: string, code: RoomErrorCode, max?: number): void {
    this.send(id, { event: 'error', room, code, msg: RoomErrorText[code], ...(max !== undefined ? { max } : {}) });
  }
}
