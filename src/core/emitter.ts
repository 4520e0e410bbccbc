/**
 * Event plumbing shared by Peer and the connections: PeerJS-style `.on/.off/.once` with PeerJS's
 * listener arguments, on top of a real `EventTarget` so `addEventListener(type, fn, { signal })` works.
 */

/** Map of event name → listener argument tuple, e.g. `{ open: [id: string] }`. */
export type EventMap = Record<string, unknown[]>;

/**
 * The `Event` the EventTarget side receives. `args` are the PeerJS listener arguments;
 * `detail` is the first of them (e.g. the `DataConnection` of a `connection` event).
 */
export class PeerEvent<A extends unknown[] = unknown[]> extends Event {
  readonly args: A;
  readonly detail: A[0];
  constructor(type: string, args: A) {
    super(type);
    this.args = args;
    this.detail = args[0];
  }
}

type Listener<A extends unknown[]> = (...args: A) => void;

/** Base class: typed `on/off/once/emit` plus typed `addEventListener`. */
export class Emitter<E extends EventMap> extends EventTarget {
  /** Type-only handle on the event map (for helpers that infer listener arguments); never set. */
  declare readonly __events?: E;
  private readonly wrapped = new Map<string, Map<object, EventListener[]>>();

  /** Adds a PeerJS-style listener: `peer.on('open', (id) => …)`. */
  on<K extends keyof E & string>(type: K, fn: Listener<E[K]>): this {
    return this.add(type, fn, false);
  }

  /** Like {@link on}, removed after the first call. */
  once<K extends keyof E & string>(type: K, fn: Listener<E[K]>): this {
    return this.add(type, fn, true);
  }

  /** Removes one listener added with `on`/`once`, or all of them for `type` when `fn` is omitted. */
  off<K extends keyof E & string>(type: K, fn?: Listener<E[K]>): this {
    const byFn = this.wrapped.get(type);
    if (!byFn) return this;
    const fns: object[] = fn ? [fn] : [...byFn.keys()];
    for (const f of fns) {
      for (const l of byFn.get(f) ?? []) super.removeEventListener(type, l);
      byFn.delete(f);
    }
    return this;
  }

  /** PeerJS/EventEmitter alias of {@link off} without a listener. */
  removeAllListeners<K extends keyof E & string>(type?: K): this {
    const types = type ? [type] : [...this.wrapped.keys()];
    for (const t of types) this.off(t as K);
    return this;
  }

  /** Number of `.on`/`.once` listeners for `type` (EventTarget listeners are not visible). */
  listenerCount<K extends keyof E & string>(type: K): number {
    let n = 0;
    for (const ls of this.wrapped.get(type)?.values() ?? []) n += ls.length;
    return n;
  }

  override addEventListener<K extends keyof E & string>(
    type: K, listener: ((ev: PeerEvent<E[K]>) => void) | { handleEvent(ev: PeerEvent<E[K]>): void } | null,
    options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener, options);
  }

  override removeEventListener<K extends keyof E & string>(
    type: K, listener: ((ev: PeerEvent<E[K]>) => void) | { handleEvent(ev: PeerEvent<E[K]>): void } | null,
    options?: boolean | EventListenerOptions): void;
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions): void;
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions): void {
    super.removeEventListener(type, listener, options);
  }

  /**
   * Calls the listeners of `type` synchronously with `args`. A throwing listener is reported
   * (EventTarget semantics) and does not stop the others or the caller.
   */
  protected emit<K extends keyof E & string>(type: K, ...args: E[K]): void {
    this.dispatchEvent(new PeerEvent(type, args));
  }

  private add(type: string, fn: object, once: boolean): this {
    let byFn = this.wrapped.get(type);
    if (!byFn) this.wrapped.set(type, (byFn = new Map()));
    const listener: EventListener = (ev) => {
      if (once) this.forget(type, fn, listener);
      (fn as (...a: unknown[]) => void)(...(ev as PeerEvent).args);
    };
    byFn.set(fn, [...(byFn.get(fn) ?? []), listener]);
    super.addEventListener(type, listener, { once });
    return this;
  }

  private forget(type: string, fn: object, listener: EventListener): void {
    const byFn = this.wrapped.get(type);
    const rest = byFn?.get(fn)?.filter((l) => l !== listener) ?? [];
    if (rest.length) byFn?.set(fn, rest);
    else byFn?.delete(fn);
  }
}
