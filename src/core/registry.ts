/** The Peer's book of connections by remote peer and connectionId, plus messages that arrived early. */
import type { RelayedMessage } from '../protocol/index.js';
import type { DataConnection } from './dataconnection.js';
import type { MediaConnection } from './mediaconnection.js';

export type AnyConnection = DataConnection | MediaConnection;

/** ANSWER/CANDIDATE for an unknown connectionId are kept (PeerJS does too), within these bounds. */
const MAX_EARLY_IDS = 64;
const MAX_EARLY_PER_ID = 64;

export class Registry {
  private readonly byPeer = new Map<string, AnyConnection[]>();
  private readonly early = new Map<string, RelayedMessage[]>();
  /** Outgoing calls closed before the callee's ringing ack: `peer\0connectionId`, oldest first. */
  private readonly ringCancels = new Set<string>();

  /** PeerJS's `peer.connections`: `{ [peerId]: connection[] }` (a fresh object each time). */
  snapshot(): Record<string, AnyConnection[]> {
    return Object.fromEntries([...this.byPeer].map(([k, v]) => [k, [...v]]));
  }

  get(peer: string, connectionId: string): AnyConnection | undefined {
    return this.byPeer.get(peer)?.find((c) => c.connectionId === connectionId);
  }

  of(peer: string): AnyConnection[] { return [...(this.byPeer.get(peer) ?? [])]; }

  all(): AnyConnection[] { return [...this.byPeer.values()].flat(); }

  add(c: AnyConnection): void {
    this.byPeer.set(c.peer, [...(this.byPeer.get(c.peer) ?? []), c]);
  }

  remove(c: AnyConnection): void {
    const rest = (this.byPeer.get(c.peer) ?? []).filter((x) => x !== c);
    if (rest.length) this.byPeer.set(c.peer, rest);
    else this.byPeer.delete(c.peer);
  }

  /** Stores a message for a connection that does not exist yet. */
  keep(connectionId: string, m: RelayedMessage): void {
    if (!this.early.has(connectionId) && this.early.size >= MAX_EARLY_IDS) {
      this.early.delete(this.early.keys().next().value!);
    }
    const list = this.early.get(connectionId) ?? [];
    if (list.length < MAX_EARLY_PER_ID) list.push(m);
    this.early.set(connectionId, list);
  }

  /** Takes the stored messages of `connectionId`. */
  takeEarly(connectionId: string): RelayedMessage[] {
    const list = this.early.get(connectionId) ?? [];
    this.early.delete(connectionId);
    return list;
  }

  /** Remembers a call to cancel if its ringing ack arrives after it was closed. */
  cancelOnRing(peer: string, connectionId: string): void {
    if (this.ringCancels.size >= MAX_EARLY_IDS) this.ringCancels.delete(this.ringCancels.values().next().value!);
    this.ringCancels.add(`${peer}\0${connectionId}`);
  }

  /** True (once) when the call `connectionId` to `peer` was closed before its ringing ack. */
  takeRingCancel(peer: string, connectionId: string): boolean {
    return this.ringCancels.delete(`${peer}\0${connectionId}`);
  }

  clear(): void {
    this.byPeer.clear();
    this.early.clear();
    this.ringCancels.clear();
  }
}
