/**
 * What the server enforces of a token's `grants`. Only the first step of each act is checked: the
 * `OFFER` that starts a call or connection (a callee must be able to answer whoever was allowed to
 * call it, so ANSWER/CANDIDATE/LEAVE pass), joining a room, and turning discoverable or subscribing
 * in presence.
 */
import { MessageType, grantMatches, type AuthGrants, type ClientMessage } from '../protocol/index.js';
import type { ServerClient } from './client.js';

/** True if `grants` do not allow the frame `msg`. */
export function refusedByGrants(grants: AuthGrants, msg: ClientMessage): boolean {
  if (msg.type === MessageType.Offer) return !grantMatches(grants.connect, msg.dst);
  if (msg.type === MessageType.Room) return msg.payload.action === 'join' && !grantMatches(grants.rooms, msg.payload.room);
  if (msg.type === MessageType.Presence) {
    return (msg.payload.discoverable === true && grants.discoverable === false) || (msg.payload.subscribe === true && grants.list === false);
  }
  return false;
}

/**
 * True if `client` may join `room`: its token lists the room (`*` wildcards) or names no rooms, or
 * the server runs without auth. For the rooms feature to call before it admits a member.
 */
export function mayJoinRoom(client: Pick<ServerClient, 'grants'>, room: string): boolean {
  return grantMatches(client.grants?.rooms, room);
}
