/**
 * Child process: the load generator. Holds N `ws` clients registered with the PeerServer wire
 * (`/peerjs?key&id&token`, done on `OPEN`) and relays 1 KiB OFFERs between pairs of them.
 * Commands arrive over IPC; every loop is bounded in count and in time.
 */
import WebSocket from 'ws';

export type LoadCommand =
  | { cmd: 'connect'; port: number; n: number; deadlineMs: number }
  | { cmd: 'relay'; messages: number; bytes: number; deadlineMs: number }
  | { cmd: 'close' };
export interface ConnectResult { ms: number; opened: number; failed: number }
export interface RelayResult { ms: number; sent: number; received: number }

/** Registrations in flight at once (a busy server sees bursts, not one client at a time). */
const CONNECT_CONCURRENCY = 256;
/** Clients per source address: our server caps sockets per address (1024 by default). */
const PER_ADDRESS = 1000;
/** Relayed messages in flight at once. */
const RELAY_WINDOW = 512;
/** Senders used by the relay test (each sends to its partner; well under per-socket rate limits). */
const MAX_PAIRS = 1000;

let clients: WebSocket[] = [];
let onRelayed: (() => void) | undefined;

function openOne(port: number, i: number, run: string): Promise<WebSocket> {
  // 127.0.0.0/8 is all loopback: spreading sources keeps below per-address caps and port ranges.
  const localAddress = `127.0.${1 + Math.floor(i / PER_ADDRESS / 250)}.${1 + (Math.floor(i / PER_ADDRESS) % 250)}`;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/peerjs?key=peerjs&id=${run}x${i}&token=t${i}`, { localAddress, perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('close', () => reject(new Error('closed before OPEN')));
    ws.once('message', (data) => {
      const type = (JSON.parse(String(data)) as { type: string }).type;
      if (type !== 'OPEN') { reject(new Error(`got ${type}`)); return; }
      ws.removeAllListeners('close');
      // Count relayed OFFERs only: a rejection or any other notice must not pass for a delivery.
      ws.on('message', (d: Buffer) => { if (d.subarray(0, 16).toString() === '{"type":"OFFER",') onRelayed?.(); });
      resolve(ws);
    });
  });
}

async function connect(port: number, n: number, deadlineMs: number): Promise<ConnectResult> {
  const run = Math.random().toString(36).slice(2, 8);
  const t0 = performance.now();
  const deadline = t0 + deadlineMs;
  let next = 0, failed = 0;
  const worker = async (): Promise<void> => {
    while (next < n && performance.now() < deadline) {
      const i = next++;
      try { clients.push(await openOne(port, i, run)); } catch { failed++; }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, n) }, worker));
  return { ms: performance.now() - t0, opened: clients.length, failed: failed + (n - next) };
}

/** A 1 KiB (by default) OFFER frame from the pair's first client to its second. */
function frame(dst: string, bytes: number): string {
  const base = { type: 'OFFER', dst, payload: { sdp: { type: 'offer', sdp: '' }, type: 'data', connectionId: 'dc_bench' } };
  const pad = Math.max(0, bytes - JSON.stringify(base).length);
  base.payload.sdp.sdp = 'x'.repeat(pad);
  return JSON.stringify(base);
}

async function relay(messages: number, bytes: number, deadlineMs: number): Promise<RelayResult> {
  const pairs = Math.min(MAX_PAIRS, Math.floor(clients.length / 2));
  if (pairs === 0) return { ms: 0, sent: 0, received: 0 };
  const ids = clients.map((ws) => new URL(ws.url).searchParams.get('id') ?? '');
  const frames = Array.from({ length: pairs }, (_, p) => frame(ids[2 * p + 1], bytes));
  let sent = 0, received = 0;
  const t0 = performance.now();
  const send = (): void => { const p = sent % pairs; sent++; clients[2 * p].send(frames[p]); };
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, deadlineMs);
    onRelayed = () => {
      received++;
      if (sent < messages) send();
      if (received >= messages) { clearTimeout(timer); resolve(); }
    };
    while (sent < Math.min(RELAY_WINDOW, messages)) send();
  });
  onRelayed = undefined;
  return { ms: performance.now() - t0, sent, received };
}

async function close(): Promise<void> {
  const all = clients;
  clients = [];
  await Promise.all(all.map((ws) => new Promise<void>((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) { resolve(); return; }
    ws.once('close', () => resolve());
    ws.terminate();
  })));
}

process.on('message', (m: LoadCommand) => {
  const done = (r: object): void => { process.send?.(r); };
  if (m.cmd === 'connect') void connect(m.port, m.n, m.deadlineMs).then(done);
  else if (m.cmd === 'relay') void relay(m.messages, m.bytes, m.deadlineMs).then(done);
  else void close().then(() => done({ closed: true }));
});
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
