/** The Peer's public types: its lifecycle, its events and the options of `connect()`/`call()`. */
import type { Json, PresencePeer, RoomEvent } from '../protocol/index.js';
import type { DataConnection } from './dataconnection.js';
import type { EventMap } from './emitter.js';
import type { PeerError } from './errors.js';
import type { MediaConnection } from './mediaconnection.js';

/** Lifecycle of a Peer's registration with the signalling server. */
export type PeerState = 'connecting' | 'open' | 'reconnecting' | 'disconnected' | 'closed' | 'failed';

export interface PeerEvents extends EventMap {
  open: [id: string];
  connection: [conn: DataConnection];
  call: [call: MediaConnection];
  close: [];
  disconnected: [id: string];
  error: [err: PeerError];
  state: [state: PeerState, previous: PeerState];
  presence: [peers: PresencePeer[]];
  /** A `P2PKIT-ROOM` event from our server (see `Room`, which is what uses them). */
  room: [event: RoomEvent];
}

/** `connect()` options (PeerJS's). `serialization`: `'MsgPack'` (default), `'binary'`, `'binary-utf8'`, `'json'`, `'raw'`. */
export interface ConnectOptions { label?: string; metadata?: Json; serialization?: string; reliable?: boolean; connectionId?: string; maxMessageSize?: number }
/** `call()` options. */
export interface CallOptions { metadata?: Json; connectionId?: string }
