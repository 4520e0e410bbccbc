/**
 * The floor for a signalling server: a bare `ws` relay speaking just enough of the PeerServer wire
 * for the load generator (`OPEN` on connect, `dst` → the registered socket with `src` added). No
 * validation, limits, queues or heartbeats: what any relay on `ws` must at least spend per client
 * and per message, so the server rows can say how far above it ours is.
 */
import { WebSocketServer, type WebSocket } from 'ws';

export function startBareRelay(host: string, maxPayload = 64 * 1024): Promise<number> {
  const clients = new Map<string, WebSocket>();
  const wss = new WebSocketServer({ host, port: 0, path: '/peerjs', maxPayload, perMessageDeflate: false });
  wss.on('connection', (ws, req) => {
    const id = new URL(req.url ?? '/', 'http://x').searchParams.get('id') ?? '';
    clients.set(id, ws);
    ws.send('{"type":"OPEN"}');
    ws.on('message', (data) => {
      let msg: { dst?: string; src?: string };
      try { msg = JSON.parse(String(data)) as typeof msg; } catch { return; }
      const to = msg.dst === undefined ? undefined : clients.get(msg.dst);
      if (!to) return;
      msg.src = id;
      to.send(JSON.stringify(msg));
    });
    ws.on('close', () => { if (clients.get(id) === ws) clients.delete(id); });
  });
  return new Promise((resolve) => wss.on('listening', () => resolve((wss.address() as { port: number }).port)));
}
