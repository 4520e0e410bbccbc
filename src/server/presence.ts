/**
 * Live presence (p2p-kit extension, `P2PKIT-PRESENCE`). A client opts in: `discoverable` puts it on
 * the list, `subscribe` makes the server push a snapshot and then join/update/leave events. Only
 * subscribers of the same key ever get these frames, so stock PeerJS clients never see the type.
 */
import { MessageType, type PresenceEvent, type PresencePeer, type PresenceRequest, type RejectCode } from '../protocol/index.js';
import type { ServerClient } from './client.js';

function peerOf(c: ServerClient): PresencePeer {
  return c.metadata ? { id: c.id, metadata: c.metadata } : { id: c.id };
}

/** Presence of one realm (key). */
export class Presence {
  private readonly subscribers = new Set<ServerClient>();

  constructor(private readonly clients: ReadonlyMap<string, ServerClient>, private readonly maxMetadataBytes: number) {}

  /** Applies a client's request; returns a reject code if it was refused (state unchanged then). */
  apply(client: ServerClient, req: PresenceRequest): RejectCode | undefined {
    if (req.metadata !== undefined && Buffer.byteLength(JSON.stringify(req.metadata)) > this.maxMetadataBytes) {
      return 'metadata-too-big';
    }
    const wasVisible = client.discoverable;
    const metaBefore = JSON.stringify(client.metadata ?? null);
    if (req.metadata !== undefined) client.metadata = req.metadata;
    if (req.discoverable !== undefined) client.discoverable = req.discoverable;
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
    }
    return undefined;
  }

  /** Sends the current list (everyone discoverable but the client itself). */
  sendSnapshot(client: ServerClient): void {
    const peers: PresencePeer[] = [];
    for (const c of this.clients.values()) if (c.discoverable && c !== client) peers.push(peerOf(c));
    client.send({ type: MessageType.Presence, payload: { event: 'snapshot', peers } });
  }

  /** Call after `client` was unregistered: tells subscribers it left, forgets its subscription. */
  removed(client: ServerClient): void {
    this.subscribers.delete(client);
    if (client.discoverable) this.broadcast({ event: 'leave', id: client.id }, client);
  }

  private broadcast(event: PresenceEvent, except: ServerClient): void {
    if (this.subscribers.size === 0) return;
    const text = JSON.stringify({ type: MessageType.Presence, payload: event });
    for (const s of this.subscribers) if (s !== except) s.send(text);
  }
}
