/** Refusing a socket before (or instead of) registration: one JSON error frame, then a close. */
import WebSocket from 'ws';
import { CloseCode, ErrorText, MessageType } from '../protocol/index.js';
import type { Log } from './log.js';

/** Sends `msg` as JSON if the socket is still open (a refused socket may already be gone). */
export function sendJson(ws: WebSocket, msg: object): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
}

/** PeerServer's refusal: an `ERROR` frame with `msg`, then a close with `code`. */
export function refuse(ws: WebSocket, log: Log, address: string, msg: string, code: number, fields?: Record<string, unknown>): void {
  sendJson(ws, { type: MessageType.Error, payload: { msg } });
  ws.close(code, msg);
  log.info('socket.refused', { address, reason: msg, ...fields });
}

/** PeerServer's `ID-TAKEN`: someone else holds `id` under `key`. */
export function refuseIdTaken(ws: WebSocket, log: Log, address: string, key: string, id: string): void {
  sendJson(ws, { type: MessageType.IdTaken, payload: { msg: ErrorText.IdTaken } });
  ws.close(CloseCode.IdTaken, ErrorText.IdTaken);
  log.info('socket.refused', { address, key, id, reason: ErrorText.IdTaken });
}
