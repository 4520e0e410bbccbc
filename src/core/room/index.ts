/** Rooms: a small-group mesh on top of the Peer (membership from our server, one link per pair). */
export { Room } from './room.js';
export { RoomError, type RoomErrorType, type RoomEvents, type RoomOptions, type RoomParticipant, type RoomState, type MemberState } from './room-types.js';
export { isRoomCall, ROOM_CALL_KIT } from './room-links.js';
export { uplinkPolicy, DEFAULT_UPLINK_KBPS } from './uplink.js';
