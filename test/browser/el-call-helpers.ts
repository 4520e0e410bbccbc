/** Helpers for the <p2p-call> and <p2p-file-drop> tests: two real peers on the kit server in one page. */
import '../../src/define/p2p-peer.js';
import type { P2PPeerElement } from '../../src/components/p2p-peer/p2p-peer.js';
import { opened, serverUrl, uniqueId } from './el-peer-helpers.js';

export { nextEvent, uniqueId } from './el-peer-helpers.js';

export interface Pair<E extends HTMLElement> {
  root: HTMLElement;
  peerA: P2PPeerElement; peerB: P2PPeerElement;
  idA: string; idB: string;
  /** Alice's element (remote = Bob) and Bob's (remote = Alice). */
  a: E; b: E;
  close(): void;
}

/**
 * Two open `<p2p-peer>`s (no ICE servers: host candidates only), each holding one `tag` element
 * pointed at the other. `attrs` are set on both elements before they connect.
 */
export async function pair<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}): Promise<Pair<HTMLElementTagNameMap[K]>> {
  const root = document.createElement('div');
  const idA = uniqueId('alice');
  const idB = uniqueId('bob');
  const mk = (id: string, remote: string) => {
    const p = document.createElement('p2p-peer');
    p.server = serverUrl('kit');
    p.peerId = id;
    p.config = { iceServers: [] };
    const el = document.createElement(tag);
    el.setAttribute('remote', remote);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    p.append(el);
    root.append(p);
    return [p, el] as const;
  };
  const [peerA, a] = mk(idA, idB);
  const [peerB, b] = mk(idB, idA);
  document.body.append(root);
  await Promise.all([opened(peerA), opened(peerB)]);
  return { root, peerA, peerB, idA, idB, a, b, close: () => root.remove() };
}

/** Deterministic pseudo-random bytes (xorshift32), fast enough for tens of MiB. */
export function noise(size: number, seed = 0x9e3779b9): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  const words = new Uint32Array(out.buffer, 0, size >>> 2);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    words[i] = x;
  }
  for (let i = words.length * 4; i < size; i++) out[i] = i & 0xff;
  return out;
}

/** Lowercase hex SHA-256 via WebCrypto (fine for test-sized buffers held in memory). */
export async function sha256Hex(data: BufferSource | Blob): Promise<string> {
  const buf = data instanceof Blob ? await data.arrayBuffer() : data;
  return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', buf)), (b) => b.toString(16).padStart(2, '0')).join('');
}
