/** The public shapes of a `Room`: its lifecycle, its participants, its events and its errors. */
import type { JsonObject, RoomErrorCode } from '../../protocol/index.js';
import type { EventMap } from '../emitter.js';

/** `full`: the server refused the join (cap); `left`: we left; `failed`: anything else ended it. */
export type RoomState = 'idle' | 'joining' | 'joined' | 'full' | 'reconnecting' | 'left' | 'failed';

/** What each member shares with the others (as room metadata, so the server pushes it to all). */
export interface MemberState { muted: boolean; cameraOff: boolean; screenSharing: boolean }

/** One member as this side sees it. */
export interface RoomParticipant extends MemberState {
  id: string;
  /** Join sequence number (higher = joined later; the newer member of a pair dials). */
  seq: number;
  self: boolean;
  /** The link to this member (`connected` for ourselves). */
  link: 'connecting' | 'connected' | 'reconnecting';
  /** Their media (our own local stream for ourselves). */
  stream: MediaStream | null;
  /** The metadata they joined with (e.g. `{name}`), without the shared state. */
  metadata: JsonObject;
}

export interface RoomEvents extends EventMap {
  state: [state: RoomState, previous: RoomState];
  join: [participant: RoomParticipant];
  leave: [participant: RoomParticipant];
  /** A participant's state, link or stream changed. */
  change: [participant: RoomParticipant];
  error: [err: RoomError];
}

/**
 * Server room codes plus the client's own: `unsupported` (the server is a stock PeerServer, which
 * has no rooms), `not-connected` (the Peer is not registered), `left` (leave() during join()).
 */
export type RoomErrorType = RoomErrorCode | 'unsupported' | 'not-connected' | 'left';

export class RoomError extends Error {
  constructor(readonly code: RoomErrorType, message: string) {
    super(message);
    this.name = 'RoomError';
  }
}

export interface RoomOptions {
  /** Our camera/microphone (sent to every member; set up once per link). Omit to only receive. */
  stream?: MediaStream;
  /** Join only while the room has fewer than `max` members (at most the server's cap). */
  max?: number;
  /** Shown to the others, e.g. `{ name: 'Ana' }` (bounded by the server's metadata cap). */
  metadata?: JsonObject;
  /** Total video upload budget in kbps, split across the links (default 2000, see `uplinkPolicy`). */
  uplinkKbps?: number;
  /** How long a member whose server socket dropped keeps its link and place, ms (default 8000). */
  graceMs?: number;
}
