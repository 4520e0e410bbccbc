/**
 * `@roamhq/wrtc` 0.10's RTCDataChannel has no `bufferedAmountLowThreshold` and never fires
 * `bufferedamountlow`, which the core's backpressure (channel.ts) and file transfer wait for: a big send
 * would stall forever. This adds the standard behaviour to such a class, once, by watching
 * `bufferedAmount` while someone waits for the event (every {@link POLL_MS}; nothing runs otherwise).
 * Implementations that have the property are left alone. Node only; no DOM.
 */

const POLL_MS = 4;

type Listener = (ev: { type: string; target: unknown }) => void;
interface Watch { threshold: number; listeners: Map<Listener, boolean>; timer?: ReturnType<typeof setInterval> }
interface ChannelLike { bufferedAmount: number; readyState: string }
interface ChannelProto {
  addEventListener(type: string, fn: Listener, opts?: boolean | { once?: boolean }): void;
  removeEventListener(type: string, fn: Listener): void;
}

const watches = new WeakMap<object, Watch>();
const watchOf = (dc: object): Watch => {
  let w = watches.get(dc);
  if (!w) { w = { threshold: 0, listeners: new Map() }; watches.set(dc, w); }
  return w;
};

function poll(dc: ChannelLike, w: Watch): void {
  if (w.timer || !w.listeners.size) return;
  w.timer = setInterval(() => {
    if (dc.readyState !== 'open') { clearInterval(w.timer); w.timer = undefined; return; } // 'close' wakes waiters
    if (dc.bufferedAmount > w.threshold) return;
    clearInterval(w.timer);
    w.timer = undefined;
    for (const [fn, once] of [...w.listeners]) {
      if (once) w.listeners.delete(fn);
      fn({ type: 'bufferedamountlow', target: dc });
    }
  }, POLL_MS);
}

/** Adds `bufferedAmountLowThreshold` + `bufferedamountlow` to `RTCDataChannel` if it lacks them. */
export function addBufferedAmountLow(RTCDataChannel: { prototype: object } | undefined): void {
  const proto = RTCDataChannel?.prototype as (ChannelProto & object) | undefined;
  if (!proto || 'bufferedAmountLowThreshold' in proto) return;
  const { addEventListener: add, removeEventListener: remove } = proto;
  Object.defineProperty(proto, 'bufferedAmountLowThreshold', {
    configurable: true,
    get(this: object) { return watchOf(this).threshold; },
    set(this: object, v: number) { watchOf(this).threshold = Math.max(0, Number(v) || 0); },
  });
  proto.addEventListener = function (this: ChannelLike & ChannelProto, type, fn, opts) {
    if (type !== 'bufferedamountlow') return add.call(this, type, fn, opts);
    const w = watchOf(this);
    w.listeners.set(fn, typeof opts === 'object' && !!opts?.once);
    poll(this, w);
  };
  proto.removeEventListener = function (this: ChannelLike & ChannelProto, type, fn) {
    if (type !== 'bufferedamountlow') return remove.call(this, type, fn);
    watchOf(this).listeners.delete(fn);
  };
}
