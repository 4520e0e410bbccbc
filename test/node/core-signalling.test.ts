// Signalling socket logic with an injected transport and clock (no network, no WebRTC):
// queue until OPEN, heartbeat, reconnect with backoff and the same id+token, fatal errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Signalling, type SignallingHandlers } from '../../src/core/signalling.js';
import type { Clock } from '../../src/core/clock.js';
import type { SignalTransport, SocketLike } from '../../src/core/transport.js';
import { Emitter } from '../../src/core/emitter.js';
import type { PeerError } from '../../src/core/errors.js';

class FakeClock implements Clock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private n = 0;
  now() { return this.t; }
  setTimeout(fn: () => void, ms: number) { const id = ++this.n; this.timers.push({ at: this.t + ms, fn, id }); return id; }
  clearTimeout(h: unknown) { this.timers = this.timers.filter((x) => x.id !== h); }
  /** Advances time, running due timers in order (bounded). */
  advance(ms: number) {
    const end = this.t + ms;
    for (let i = 0; i < 10000; i++) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
    }
    this.t = end;
  }
}

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(readonly id: string, readonly token: string) {}
  send(text: string) { this.sent.push(text); }
  close() { this.readyState = 3; }
  open() { this.readyState = 1; this.onopen?.({}); }
  server(m: object) { this.onmessage?.({ data: JSON.stringify(m) }); }
  drop(code = 1006) { this.readyState = 3; this.onclose?.({ code, reason: '' }); }
}

function setup(reconnect?: { minDelay: number; maxDelay: number; maxAttempts?: number }) {
  const sockets: FakeSocket[] = [];
  const transport: SignalTransport = {
    name: 'fake', connect: (id, token) => { const s = new FakeSocket(id, token); sockets.push(s); return s; },
    newId: async () => 'x', listPeers: async () => [],
  };
  const events: string[] = [];
  const errors: PeerError[] = [];
  const handlers: SignallingHandlers = {
    open: () => events.push('open'), message: (m) => events.push(`msg:${m.type}`),
    lost: (r) => events.push(`lost:${r}`), error: (e) => errors.push(e),
  };
  const clock = new FakeClock();
  const sig = new Signalling({ transport, clock, pingInterval: 1000, reconnect, visibilityTarget: new EventTarget() }, handlers);
  return { sig, sockets, events, errors, clock };
}

describe('core signalling', () => {
  it('queues messages until OPEN, then sends them in order, then heartbeats', () => {
    const { sig, sockets, events, clock } = setup();
    sig.start('me', 'tok');
    sig.send({ type: 'OFFER', dst: 'you', payload: { n: 1 } });
    sockets[0]!.open();
    sig.send({ type: 'OFFER', dst: 'you', payload: { n: 2 } });
    assert.equal(sockets[0]!.sent.length, 0);
    sockets[0]!.server({ type: 'OPEN' });
    assert.deepEqual(events, ['open']);
    assert.deepEqual(sockets[0]!.sent.map((t) => JSON.parse(t).payload.n), [1, 2]);
    clock.advance(2500);
    assert.deepEqual(sockets[0]!.sent.slice(2), ['{"type":"HEARTBEAT"}', '{"type":"HEARTBEAT"}']);
    sockets[0]!.server({ type: 'OFFER', src: 'you', dst: 'me', payload: {} });
    assert.deepEqual(events, ['open', 'msg:OFFER']);
  });

  it('sends a heartbeat when the page becomes visible', () => {
    const vis = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const sockets: FakeSocket[] = [];
    const sig = new Signalling({
      transport: { name: 'f', connect: (i, t) => { const s = new FakeSocket(i, t); sockets.push(s); return s; }, newId: async () => '', listPeers: async () => [] },
      clock: new FakeClock(), visibilityTarget: vis,
    }, { open() {}, message() {}, lost() {}, error() {} });
    sig.start('me', 'tok');
    sockets[0]!.open();
    sockets[0]!.server({ type: 'OPEN' });
    vis.dispatchEvent(new Event('visibilitychange'));
    assert.deepEqual(sockets[0]!.sent, ['{"type":"HEARTBEAT"}']);
  });

  it('reconnects with backoff using the same id and token', () => {
    const { sig, sockets, events, clock } = setup({ minDelay: 100, maxDelay: 400 });
    sig.start('me', 'tok');
    sockets[0]!.open();
    sockets[0]!.server({ type: 'OPEN' });
    sockets[0]!.drop();
    assert.deepEqual(events, ['open', 'lost:true']);
    assert.equal(sockets.length, 1);
    clock.advance(200);
    assert.equal(sockets.length, 2);
    assert.equal(sockets[1]!.id, 'me');
    assert.equal(sockets[1]!.token, 'tok');
    sockets[1]!.drop(); // the second attempt fails too: the delay doubles
    clock.advance(140); // 200 ms ± 25 % jitter
    assert.equal(sockets.length, 2);
    clock.advance(120);
    assert.equal(sockets.length, 3);
    sockets[2]!.open();
    sockets[2]!.server({ type: 'OPEN' });
    assert.equal(events.at(-1), 'open');
  });

  it('does not fight over the id when the server says another socket replaced this one', () => {
    const { sig, sockets, events, errors, clock } = setup({ minDelay: 10, maxDelay: 10 });
    sig.start('me', 'tok');
    sockets[0]!.open();
    sockets[0]!.server({ type: 'OPEN' });
    sockets[0]!.drop(4003);
    clock.advance(1000);
    assert.equal(sockets.length, 1);
    assert.deepEqual(events, ['open', 'lost:false']);
    assert.equal(errors[0]!.type, 'unavailable-id');
  });

  it('treats a silent same-token re-attach (no OPEN) as open after a grace period', () => {
    const { sig, sockets, events, clock } = setup();
    sig.start('me', 'tok');
    sockets[0]!.open();
    clock.advance(3100);
    assert.deepEqual(events, ['open']);
  });

  it('stops on ID-TAKEN with unavailable-id and gives up after maxAttempts with network', () => {
    const a = setup();
    a.sig.start('me', 'tok');
    a.sockets[0]!.open();
    a.sockets[0]!.server({ type: 'ID-TAKEN', payload: { msg: 'ID is taken' } });
    assert.equal(a.errors[0]!.type, 'unavailable-id');
    a.clock.advance(10000);
    assert.equal(a.sockets.length, 1);
    const b = setup({ minDelay: 10, maxDelay: 10, maxAttempts: 1 });
    b.sig.start('me', 'tok');
    b.sockets[0]!.drop();
    b.clock.advance(50);
    b.sockets[1]!.drop();
    assert.equal(b.errors[0]!.type, 'network');
    assert.deepEqual(b.events, ['lost:true', 'lost:false']);
  });
});

describe('core Emitter', () => {
  class E extends Emitter<{ open: [id: string]; data: [d: unknown, extra: number] }> {
    fire<K extends 'open' | 'data'>(k: K, ...a: K extends 'open' ? [string] : [unknown, number]) { (this.emit as (k: string, ...a: unknown[]) => void)(k, ...a); }
  }
  it('supports on/once/off with PeerJS listener arguments and EventTarget with signal', () => {
    const e = new E();
    const seen: unknown[] = [];
    const fn = (d: unknown, x: number) => seen.push(['on', d, x]);
    e.on('data', fn);
    e.once('data', (d) => seen.push(['once', d]));
    const ctl = new AbortController();
    e.addEventListener('data', (ev) => seen.push(['target', ev.detail, ev.args[1]]), { signal: ctl.signal });
    e.fire('data', 'a', 1);
    e.fire('data', 'b', 2);
    ctl.abort();
    e.off('data', fn);
    e.fire('data', 'c', 3);
    assert.deepEqual(seen, [['on', 'a', 1], ['once', 'a'], ['target', 'a', 1], ['on', 'b', 2], ['target', 'b', 2]]);
    assert.equal(e.listenerCount('data'), 0);
  });
});
