/**
 * Where the state that must be shared between server nodes lives: id ownership, the offline queue,
 * the presence list, and the routing of frames to peers on other nodes. The in-memory store (default)
 * answers synchronously, so a single node behaves exactly as before; the Redis store
 * (`store-redis.ts`) answers with promises. Each node keeps its own sockets (`Realm.clients`).
 */
import { randomUUID } from 'node:crypto';
import type { Limits, PresencePeer } from '../protocol/index.js';
import { MessageQueues, QueueBudget, type Expired, type Queued } from './queue.js';

/**
 * The `redis` option: a `redis://` URL, or `{ url?, options?, prefix?, ttlMs? }` with ioredis
 * `options` (host, password, tls, ...; not `keyPrefix`: use `prefix`, default `p2pkit`) and the
 * lifetime of a node's ids after its last refresh (`ttlMs`, default 10000; refreshed every third).
 */
export type RedisSetting = string | { url?: string; options?: RedisClientOptions; prefix?: string; ttlMs?: number };

/**
 * ioredis's `RedisOptions`, untyped here so our declarations never import the optional `ioredis`
 * (write `{ ... } satisfies RedisOptions` in your code to have them checked).
 */
export type RedisClientOptions = Record<string, unknown>;

/** A value now (memory) or later (Redis). */
export type Maybe<T> = T | Promise<T>;

/** Runs `f` on `v` at once if it is a value, after it resolves if it is a promise. */
export function when<T>(v: Maybe<T>, f: (value: T) => void, onError?: (err: Error) => void): void {
  if (v instanceof Promise) v.then(f, (err: Error) => onError?.(err));
  else f(v);
}

/** Result of {@link Store.claim}. */
export type Claim =
  | { taken: true }
  /**
   * `from`: the node that held the id with this token before (re-attach); `queued`: its offline
   * queue, now ours; `stale`: a holder whose node died was still on the presence list (announce a leave);
   * `presence`: on a re-attach from another node, the peer's presence entry (it stays discoverable).
   */
  | { taken: false; from: string | undefined; queued: Queued[]; stale?: boolean; presence?: PresencePeer };

/** A frame for a peer registered on another node (sent over that node's channel). */
export type NodeMessage =
  | { t: 'deliver'; key: string; dst: string; src: string; type: string; text: string; hops: number; queue: boolean }
  | { t: 'replaced'; key: string; id: string };

/** What a store reports back to the node. */
export interface StoreHooks {
  /** A frame another node routed to us. */
  message(msg: NodeMessage): void;
  /** A presence event of `key` for our subscribers (not for `except`, whom it is about). */
  presence(key: string, text: string, except: string): void;
}

/** Cluster state behind the realms. Every method takes the realm `key` first. */
export interface Store {
  /** This node's id (the Redis channel others reach it on). */
  readonly node: string;
  /** Resolves once the store can serve (connected). */
  readonly ready: Promise<void>;
  /** Takes `id` for `token` on this node unless another token holds it; hands over its offline queue. */
  claim(key: string, id: string, token: string, now: number): Maybe<Claim>;
  /** Frees `id` if this node still holds it with `token`. */
  release(key: string, id: string, token: string): void;
  /**
   * Keeps this node's ids alive (Redis TTL); a node that stops refreshing loses them. Returns the
   * ids this node no longer holds (it stalled past the TTL, or a re-attach elsewhere took them).
   */
  refresh(key: string, ids: string[], now: number): Maybe<string[]>;
  /** For a `dst` not on this node: the node that holds it, else queued (or refused when full). */
  route(key: string, dst: string, item: Queued, now: number): Maybe<{ node: string } | 'queued' | 'full'>;
  /** The node holding `id`, if any. */
  locate(key: string, id: string, now: number): Maybe<string | undefined>;
  /** Sends `msg` to another node. */
  publish(node: string, msg: NodeMessage): void;
  clearQueue(key: string, dst: string): void;
  /** Removes queues at least `timeout` ms old (each exactly once over the cluster). */
  expire(now: number, timeout: number): Maybe<(Expired & { key: string })[]>;
  /** Frees ids whose node stopped refreshing; returns those that were discoverable (for `leave`). */
  sweep(now: number): Maybe<{ key: string; id: string }[]>;
  registered(key: string, id: string, token: string, now: number): Maybe<boolean>;
  ids(key: string, now: number): Maybe<string[]>;
  count(key: string, now: number): Maybe<number>;
  presenceSet(key: string, peer: PresencePeer): void;
  presenceDelete(key: string, id: string): void;
  /** Discoverable peers of `key`. */
  presenceList(key: string, now: number): Maybe<PresencePeer[]>;
  /** Hands a presence event to every node's subscribers of `key` (this node's included). */
  presencePublish(key: string, text: string, except: string): void;
  close(): Promise<void>;
}

/** The embedded default: one node, everything in this process. Answers synchronously. */
export class MemoryStore implements Store {
  readonly node = randomUUID();
  readonly ready = Promise.resolve();
  private readonly owners = new Map<string, Map<string, string>>();
  private readonly queues = new Map<string, MessageQueues>();
  private readonly visible = new Map<string, Map<string, PresencePeer>>();

  constructor(keys: readonly string[], limits: Limits, private readonly hooks: StoreHooks) {
    const budget = new QueueBudget(limits.maxQueuedBytesTotal);
    for (const k of keys) {
      this.owners.set(k, new Map());
      this.queues.set(k, new MessageQueues(limits, budget));
      this.visible.set(k, new Map());
    }
  }

  claim(key: string, id: string, token: string): Claim {
    const owners = this.owners.get(key)!;
    const held = owners.get(id);
    if (held !== undefined && held !== token) return { taken: true };
    owners.set(id, token);
    return { taken: false, from: held === undefined ? undefined : this.node, queued: this.queues.get(key)!.take(id) };
  }

  release(key: string, id: string, token: string): void {
    const owners = this.owners.get(key);
    if (owners?.get(id) === token) owners.delete(id);
  }

  refresh(): string[] {
    return [];
  }

  route(key: string, dst: string, item: Queued, now: number): 'queued' | 'full' {
    return this.queues.get(key)!.add(dst, item, now) ? 'queued' : 'full';
  }

  locate(): undefined {
    return undefined;
  }

  publish(): void {}

  clearQueue(key: string, dst: string): void {
    this.queues.get(key)?.clear(dst);
  }

  expire(now: number, timeout: number): (Expired & { key: string })[] {
    const out: (Expired & { key: string })[] = [];
    for (const [key, q] of this.queues) for (const e of q.expire(now, timeout)) out.push({ key, ...e });
    return out;
  }

  sweep(): [] {
    return [];
  }

  registered(key: string, id: string, token: string): boolean {
    return this.owners.get(key)?.get(id) === token;
  }

  ids(key: string): string[] {
    return [...this.owners.get(key)?.keys() ?? []];
  }

  count(key: string): number {
    return this.owners.get(key)?.size ?? 0;
  }

  presenceSet(key: string, peer: PresencePeer): void {
    this.visible.get(key)?.set(peer.id, peer);
  }

  presenceDelete(key: string, id: string): void {
    this.visible.get(key)?.delete(id);
  }

  presenceList(key: string): PresencePeer[] {
    return [...this.visible.get(key)?.values() ?? []];
  }

  presencePublish(key: string, text: string, except: string): void {
    this.hooks.presence(key, text, except);
  }

  close(): Promise<void> {
    for (const q of this.queues.values()) q.clearAll();
    return Promise.resolve();
  }
}
