/** Helpers for the element tests (real Chromium, real signalling servers from web-test-runner). */
import type { P2PPeerElement } from '../../src/components/p2p-peer/p2p-peer.js';

/** `ws://host:port/path` of a test server (`kit` = ours, `stock` = npm `peer`). */
export function serverUrl(name: 'kit' | 'stock' = 'kit'): string {
  const s = window.TEST_SERVERS[name];
  return `ws://${s.host}:${s.port}${s.path}`;
}

/** Resolves with the first `type` event on `target` for which `test` holds (mocha's timeout bounds it). */
export function nextEvent<E extends Event>(target: EventTarget, type: string, test: (e: E) => boolean = () => true): Promise<E> {
  return new Promise((resolve) => {
    const on = (e: Event) => {
      if (!test(e as E)) return;
      target.removeEventListener(type, on);
      resolve(e as E);
    };
    target.addEventListener(type, on);
  });
}

/** Waits until the `<p2p-peer>` is open (now or by a later `p2p-open`). */
export async function opened(el: P2PPeerElement): Promise<string> {
  await el.updateComplete;
  if (el.state === 'open' && el.peer?.id) return el.peer.id;
  return (await nextEvent<Event & { id: string }>(el, 'p2p-open')).id;
}

let counter = 0;
/** A peer id unique in this test run (the server is shared by all tests). */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
}
