/**
 * Getting frames to peers on other nodes (through the store) and the sweeps that span nodes: queue
 * expiry, dead nodes' ids, keeping this node's ids alive. With the in-memory store there are no
 * other nodes, and this is just the offline queue.
 */
import { MessageType, RejectText, type RejectCode } from '../protocol/index.js';
import type { ServerClient } from './client.js';
import type { Log } from './log.js';
import type { Realms } from './realm.js';
import { when, type NodeMessage, type Store } from './store.js';

/** A relay handed between nodes more often than this (ids moving meanwhile) is dropped. */
const MAX_HOPS = 3;

/** What routing needs from the node's signalling. */
export interface RoutingNode {
  reject(client: ServerClient, code: RejectCode, type?: string): void;
  unregister(client: ServerClient, reason: 'dead-socket' | 'replaced' | 'lost'): void;
}

export class Routing {
  /** Relays that arrived from other nodes for an id whose claim is still on its way (`key \0 id`). */
  readonly claiming = new Map<string, string[]>();

  constructor(private readonly realms: Realms, private readonly store: Store, private readonly log: Log,
    private readonly expireTimeout: number, private readonly maxBuffered: number, private readonly node: RoutingNode) {}

  /** Expires old queues (EXPIRE to each sender) and frees the ids of dead nodes (presence leaves). */
  sweep(): void {
    const now = Date.now();
    const failed = (err: Error): void => this.log.error('store.error', { op: 'sweep', error: err.message });
    when(this.store.expire(now, this.expireTimeout), (expired) => {
      for (const { key, dst, senders } of expired) {
        for (const s of senders) this.sendTo(key, s, MessageType.Expire, JSON.stringify({ type: MessageType.Expire, src: dst, dst: s }), dst);
      }
    }, failed);
    when(this.store.sweep(now), (gone) => {
      for (const { key, id } of gone) this.realms.get(key)?.presence.expired(id);
    }, failed);
  }

  /** Keeps this node's ids alive in the shared store. */
  refresh(): void {
    const now = Date.now();
    for (const realm of this.realms.all()) {
      if (realm.clients.size === 0) continue;
      const clients = new Map(realm.clients);
      when(this.store.refresh(realm.key, [...clients.keys()], now), (lost) => {
        for (const id of lost) {
          const c = clients.get(id);
          if (c && realm.clients.get(id) === c) this.node.unregister(c, 'lost');
        }
      }, (err) => this.log.error('store.error', { op: 'refresh', error: err.message }));
    }
  }

  /** A server-made frame (EXPIRE, LEAVE, REJECTED) for `id` wherever it is registered; never queued. */
  private sendTo(key: string, id: string, type: string, text: string, src: string): void {
    const local = this.realms.get(key)?.clients.get(id);
    if (local) return void local.send(text);
    this.elsewhere(key, { src, type, dst: id, text, hops: 0 }, undefined, false);
  }

  /**
   * Relays to a `dst` not registered here: to the node that holds it, else into the offline queue
   * (LEAVE and EXPIRE are never queued). `from` (a local sender) hears about a full queue.
   */
  elsewhere(key: string, m: { src: string; type: string; dst: string; text: string; hops: number }, from?: ServerClient,
    queue = m.type !== MessageType.Leave && m.type !== MessageType.Expire): void {
    const now = Date.now();
    const failed = (err: Error): void => this.log.error('store.error', { op: 'route', error: err.message });
    const send = (node: string | undefined): void => {
      if (node !== undefined) this.store.publish(node, { t: 'deliver', key, ...m, queue });
    };
    if (!queue) return when(this.store.locate(key, m.dst, now), send, failed);
    when(this.store.route(key, m.dst, { src: m.src, text: m.text }, now), (r) => {
      if (r === 'full') {
        if (from) this.node.reject(from, 'queue-full', m.type);
        else this.log.warn('relay.dropped', { key, dst: m.dst, reason: 'queue-full' });
      } else if (r !== 'queued') send(r.node);
    }, failed);
  }

  /** A frame another node routed here. */
  fromNode(m: NodeMessage): void {
    const realm = this.realms.get(m.key);
    if (!realm) return;
    if (m.t === 'replaced') {
      const c = realm.clients.get(m.id);
      if (c) this.node.unregister(c, 'replaced');
      return;
    }
    const target = realm.clients.get(m.dst);
    if (target?.open) {
      if (m.type === MessageType.Rejected && !target.kit) return; // stock clients never see it (signalling.ts reject)
      // A slow reader's excess is refused to the sender (on its node), as for a local relay.
      if (target.socket.bufferedAmount <= this.maxBuffered) return void target.send(m.text);
      const code = 'queue-full';
      return this.sendTo(m.key, m.src, MessageType.Rejected, JSON.stringify({ type: MessageType.Rejected, payload: { code, msg: RejectText[code], type: m.type } }), m.dst);
    }
    if (target) { // registered here, socket already closing: as for a local relay (handlers.ts)
      this.node.unregister(target, 'dead-socket');
      if (m.queue) this.sendTo(m.key, m.src, MessageType.Leave, JSON.stringify({ type: MessageType.Leave, src: m.dst, dst: m.src }), m.dst);
      return;
    }
    const held = this.claiming.get(`${m.key}\0${m.dst}`);
    if (held) return void held.push(m.text);
    // The id moved or left meanwhile: route again (bounded), which queues it if it is offline now.
    if (m.hops < MAX_HOPS) this.elsewhere(m.key, { ...m, hops: m.hops + 1 }, undefined, m.queue);
  }
}
