/**
 * Live presence (p2p-kit extension, `P2PKIT-PRESENCE`). A client opts in: `discoverable` puts it on
 * the list, `subscribe` makes the server push a snapshot and then join/update/leave events. Only
 * subscribers of the same key ever get these frames, so stock PeerJS clients never see the type.
 */
import { MessageType, type PresenceEvent, type PresencePeer, type PresenceRequest, type RejectCode } from '../protocol/index.js';
import type { ServerClient } from './client.js';
import { when, type Store } from './store.js';

function peerOf(c: ServerClient): PresencePeer {
  return c.metadata ? { id: c.id, metadata: c.metadata } : { id: c.id };
}

/**
 * Presence of one realm (key). The list lives in the store (shared between nodes with Redis); events
 * go through the store too, which hands them to {@link deliver} on every node.
 */
export class Presence {
  private readonly subscribers = new Set<ServerClient>();
  /** Subscribers whose snapshot is being read, with the events that came meanwhile. */
  private readonly pending = new Map<ServerClient, string[]>();

  constructor(private readonly key: string, private readonly store: Store, private readonly maxMetadataBytes: number) {}

  /** Applies a client's request; returns a reject code if it was refused (state unchanged then). */
  apply(client: ServerClient, req: PresenceRequest): RejectCode | undefined {
    if (req.metadata !== undefined && Buffer.byteLength(JSON.stringify(req.metadata)) > this.maxMetadataBytes) {
      return 'metadata-too-big';
    }
    const wasVisible = client.discoverable;
    const metaBefore = JSON.stringify(client.metadata ?? null);
    if (req.metadata !== undefined) client.metadata = req.metadata;
    if (req.discoverable !== undefined) client.discoverable = req.discoverable;
    if (client.discoverable) this.store.presenceSet(this.key, peerOf(client));
    else if (wasVisible) this.store.presenceDelete(this.key, client.id);
    if (!wasVisible && client.discoverable) this.broadcast({ event: 'join', peer: peerOf(client) }, client);
    else if (wasVisible && !client.discoverable) this.broadcast({ event: 'leave', id: client.id }, client);
    else if (client.discoverable && JSON.stringify(client.metadata ?? null) !== metaBefore) {
      this.broadcast({ event: 'update', peer: peerOf(client) }, client);
    }
    if (req.subscribe === true) {
      client.subscribed = true;
      this.subscribers.add(client);
      this.sendSnapshot(client);
    } else if (req.subscribe === false) {
      client.subscribed = false;
      this.subscribers.delete(client);
      this.pending.delete(client);
    }
    return undefined;
  }

  /**
   * Sends the current list (everyone discoverable but the client itself). Events that arrive while a
   * (Redis) list read is on its way are held and sent after it, so a leave is never undone by a
   * snapshot read before it.
   */
  sendSnapshot(client: ServerClient): void {
    const held: string[] = [];
    this.pending.set(client, held);
    const flush = (): void => {
      if (this.pending.get(client) !== held) return; // unsubscribed, gone, or a newer snapshot is coming
      this.pending.delete(client);
      for (const text of held) client.send(text);
    };
    when(this.store.presenceList(this.key, Date.now()), (list) => {
      const peers: PresencePeer[] = list.filter((p) => p.id !== client.id);
      client.send({ type: MessageType.Presence, payload: { event: 'snapshot', peers } });
      flush();
    }, flush);
  }

  /**
   * Call after `client` was unregistered: tells subscribers it left, forgets its subscription. With
   * `moved` (it re-attached on another node) it did not leave: its entry and visibility stay.
   */
  removed(client: ServerClient, moved = false): void {
    this.subscribers.delete(client);
    this.pending.delete(client);
    if (!client.discoverable || moved) return;
    this.store.presenceDelete(this.key, client.id);
    this.broadcast({ event: 'leave', id: client.id }, client);
  }

  /** A peer on a node that died: its ids expired (Redis), so tell subscribers it left. */
  expired(id: string): void {
    this.store.presencePublish(this.key, JSON.stringify({ type: MessageType.Presence, payload: { event: 'leave', id } }), id);
  }

  /** Forgets every subscriber (shutdown: they are all about to go, so nobody needs the leaves). */
  dropSubscribers(): void {
    for (const s of this.subscribers) s.subscribed = false;
    this.subscribers.clear();
    this.pending.clear();
  }

  /** An event from the store (any node): hands it to our subscribers except the peer it is about. */
  deliver(text: string, except: string): void {
    for (const s of this.subscribers) {
      if (s.id === except) continue;
      const held = this.pending.get(s);
      if (held) held.push(text);
      else s.send(text);
    }
  }

  private broadcast(event: PresenceEvent, about: ServerClient): void {
    this.store.presencePublish(this.key, JSON.stringify({ type: MessageType.Presence, payload: event }), about.id);
  }
}
