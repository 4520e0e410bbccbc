/** The live presence list kept from our server's `P2PKIT-PRESENCE` pushes. */
import type { PresenceEvent, PresencePeer } from '../protocol/index.js';

export class PresenceList {
  private readonly peers = new Map<string, PresencePeer>();

  /** Applies one push; returns true when the list changed. */
  apply(ev: PresenceEvent): boolean {
    switch (ev.event) {
      case 'snapshot':
        this.peers.clear();
        for (const p of ev.peers) this.peers.set(p.id, p);
        return true;
      case 'join': case 'update':
        this.peers.set(ev.peer.id, ev.peer);
        return true;
      case 'leave':
        return this.peers.delete(ev.id);
    }
  }

  list(): PresencePeer[] { return [...this.peers.values()]; }
  clear(): void { this.peers.clear(); }
}
