/**
 * Rooms (p2p-kit extension, `P2PKIT-ROOM`): named groups within one key whose members the server
 * knows. A joiner gets the member list and its join sequence number (`seq`, rising per room, so the
 * newer member of a pair is the one that dials); members get join/leave/update pushes. Only clients
 * that joined a room ever see the type, so stock PeerJS clients never do; a stock PeerServer drops
 * it silently (the core notices from OPEN's missing `rooms` feature and fails with a typed error).
 */
import type { ParseResult } from './parse.js';
import { RejectText } from './errors.js';
import { isValidId } from './limits.js';
import type { Json, JsonObject } from './types.js';

/** The message type, both directions. */
export const ROOM_MESSAGE_TYPE = 'P2PKIT-ROOM';
/** OPEN feature our server announces when it speaks rooms. */
export const ROOM_FEATURE = 'rooms';
/** Room names: letters/digits first, then letters, digits, `_ . -`; 1..64 characters. */
export const ROOM_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Default members per room (a video mesh beyond six costs each member five encodes, see ROOMS.md). */
export const DEFAULT_ROOM_CAP = 6;
/** Highest cap a server may be configured with. */
export const MAX_ROOM_CAP = 64;
/** Rooms one client may be in at once. */
export const MAX_ROOMS_PER_CLIENT = 8;

export const isValidRoomName = (v: unknown): v is string => typeof v === 'string' && ROOM_NAME_PATTERN.test(v);

/** One member as the server reports it. */
export interface RoomMember { id: string; seq: number; metadata?: JsonObject }

/**
 * C→S. `join` with an optional `max` (the joiner wants at most that many members, never more than
 * the server's cap) and `metadata` (e.g. `{name}`, bounded like presence metadata); `leave`;
 * `update` replaces the member's metadata.
 */
export type RoomRequest =
  | { action: 'join'; room: string; max?: number; metadata?: JsonObject }
  | { action: 'leave'; room: string }
  | { action: 'update'; room: string; metadata: JsonObject };

/**
 * Why a room request was refused (`P2PKIT-ROOM` `error` event; the socket and other rooms go on).
 * - `full`: the room has `max` members already (the server's cap, or the joiner's smaller `max`).
 * - `invalid-room`: the name does not match {@link ROOM_NAME_PATTERN}.
 * - `invalid-max`: `max` is not an integer from 2 to the server's cap.
 * - `metadata-too-big`: metadata over the server's `maxMetadataBytes`.
 * - `too-many-rooms`: the client is in {@link MAX_ROOMS_PER_CLIENT} rooms already.
 * - `not-member`: `leave`/`update` of a room the client is not in.
 * - `server-error`: the shared store (Redis) failed; try again.
 */
export type RoomErrorCode = 'full' | 'invalid-room' | 'invalid-max' | 'metadata-too-big' | 'too-many-rooms' | 'not-member' | 'server-error';

export const RoomErrorText: Record<RoomErrorCode, string> = {
  full: 'The room is full',
  'invalid-room': 'Room names are 1-64 letters, digits, "_", "." or "-", starting with a letter or digit',
  'invalid-max': '"max" must be an integer from 2 to the server\'s room cap',
  'metadata-too-big': 'Room metadata is too big',
  'too-many-rooms': 'Too many rooms joined at once',
  'not-member': 'Not a member of this room',
  'server-error': 'Server error, try again later',
};

/**
 * S→C, to members of `room` only (and `joined`/`left`/`error` to the requester). Pushes published
 * just before a join may reach the joiner after its `joined` (across nodes): a `join` of a member
 * already listed with the same `seq` repeats it, a `leave` of an unknown id is stale; both change nothing.
 */
export type RoomEvent =
  | { event: 'joined'; room: string; seq: number; max: number; members: RoomMember[] }
  | { event: 'left'; room: string }
  | { event: 'join' | 'update'; room: string; member: RoomMember }
  /** `reason`: `left` asked to leave; `gone` its socket closed or timed out (it may be back soon). */
  | { event: 'leave'; room: string; id: string; reason?: 'left' | 'gone' }
  | { event: 'error'; room: string; code: RoomErrorCode; msg: string; max?: number };

/** Local copy of parse.ts's check, so parse.ts can import this file without a cycle. */
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const bad = <T>(): ParseResult<T> => ({ ok: false, code: 'invalid-message', msg: RejectText['invalid-message'] });

/**
 * Shape check of a client's request. The name, `max` and metadata size are checked by the server,
 * which answers those with a room `error` event (so the client learns which room and why); a name
 * longer than 256 characters is not worth echoing and is refused as `invalid-message`.
 */
export function parseRoomRequest(p: Json | undefined): ParseResult<RoomRequest> {
  if (!isObject(p) || typeof p.room !== 'string' || p.room.length > 256) return bad();
  const { room } = p;
  if (p.metadata !== undefined && !isObject(p.metadata)) return bad();
  switch (p.action) {
    case 'join':
      if (p.max !== undefined && typeof p.max !== 'number') return bad();
      return { ok: true, value: { action: 'join', room, ...(p.max !== undefined ? { max: p.max } : {}), ...(p.metadata ? { metadata: p.metadata } : {}) } };
    case 'leave':
      return { ok: true, value: { action: 'leave', room } };
    case 'update':
      return p.metadata ? { ok: true, value: { action: 'update', room, metadata: p.metadata } } : bad();
    default:
      return bad();
  }
}

function parseMember(v: Json | undefined): RoomMember | undefined {
  if (!isObject(v) || !isValidId(v.id) || typeof v.seq !== 'number' || !Number.isInteger(v.seq)) return undefined;
  return isObject(v.metadata) ? { id: v.id, seq: v.seq, metadata: v.metadata } : { id: v.id, seq: v.seq };
}

const ERROR_CODES = new Set(Object.keys(RoomErrorText));

/** Parses a room event from the server; undefined for anything malformed (the client ignores it). */
export function parseRoomEvent(p: Json | undefined): RoomEvent | undefined {
  if (!isObject(p) || !isValidRoomName(p.room)) return undefined;
  const { room } = p;
  switch (p.event) {
    case 'joined': {
      if (typeof p.seq !== 'number' || typeof p.max !== 'number' || !Array.isArray(p.members)) return undefined;
      const members = p.members.map(parseMember).filter((m): m is RoomMember => !!m);
      return { event: 'joined', room, seq: p.seq, max: p.max, members };
    }
    case 'left':
      return { event: 'left', room };
    case 'join': case 'update': {
      const member = parseMember(p.member);
      return member ? { event: p.event, room, member } : undefined;
    }
    case 'leave':
      if (!isValidId(p.id)) return undefined;
      return p.reason === 'left' || p.reason === 'gone' ? { event: 'leave', room, id: p.id, reason: p.reason } : { event: 'leave', room, id: p.id };
    case 'error': {
      if (typeof p.code !== 'string' || !ERROR_CODES.has(p.code)) return undefined;
      const code = p.code as RoomErrorCode;
      return { event: 'error', room, code, msg: typeof p.msg === 'string' ? p.msg : RoomErrorText[code], ...(typeof p.max === 'number' ? { max: p.max } : {}) };
    }
    default:
      return undefined;
  }
}
