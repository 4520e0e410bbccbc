/**
 * Parsers for untrusted frames. Each returns a typed result; nothing downstream sees `any`.
 * They never throw on bad input.
 */
import { RejectText } from './errors.js';
import { DEFAULT_LIMITS, isValidId } from './limits.js';
import {
  MessageType, RELAYED_TYPES,
  type AnswerPayload, type CandidatePayload, type IceServerList, type ClientMessage, type Json, type JsonObject, type KitInfo,
  type LeavePayload, type OfferPayload, type PresenceEvent, type PresencePeer, type PresenceRequest, type RejectCode,
  type ServerMessage,
} from './types.js';
import { parseRoomEvent, parseRoomRequest } from './rooms.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; code: RejectCode; msg: string };

const fail = <T>(code: RejectCode): ParseResult<T> => ({ ok: false, code, msg: RejectText[code] });

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Nesting depth of a JSON text, counted without parsing (brackets outside strings), so a hostile
 * `[[[[…` is refused before `JSON.parse` recurses into it.
 */
export function jsonDepth(text: string): number {
  let depth = 0, max = 0, inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) { if (++depth > max) max = depth; }
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * True when `text` has at most `n` opening brackets (so it cannot nest deeper than `n`). Counted with
 * native `indexOf`, which is far cheaper than {@link jsonDepth}'s scan of every character: signalling
 * frames are mostly SDP text with a handful of brackets, and this check runs on every frame.
 */
function fewBrackets(text: string, n: number): boolean {
  let count = 0;
  for (const b of ['{', '[']) {
    for (let i = text.indexOf(b); i !== -1; i = text.indexOf(b, i + 1)) if (++count > n) return false;
  }
  return true;
}

/** Parses JSON text with a depth cap. */
export function parseJson(text: string, maxDepth: number = DEFAULT_LIMITS.maxJsonDepth): ParseResult<Json> {
  if (!fewBrackets(text, maxDepth) && jsonDepth(text) > maxDepth) return fail('too-deep');
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch {
    return fail('invalid-json');
  }
}

function parsePresenceRequest(p: Json | undefined): ParseResult<PresenceRequest> {
  if (!isObject(p)) return fail('invalid-message');
  const req: PresenceRequest = {};
  if (p.discoverable !== undefined) {
    if (typeof p.discoverable !== 'boolean') return fail('invalid-message');
    req.discoverable = p.discoverable;
  }
  if (p.subscribe !== undefined) {
    if (typeof p.subscribe !== 'boolean') return fail('invalid-message');
    req.subscribe = p.subscribe;
  }
  if (p.metadata !== undefined) {
    if (!isObject(p.metadata)) return fail('invalid-message');
    req.metadata = p.metadata;
  }
  return { ok: true, value: req };
}

/**
 * Parses a frame a client sent to the server. Unknown types are refused with `unknown-type`
 * (PeerServer drops them silently; we tell the sender).
 */
export function parseClientMessage(text: string, maxDepth?: number): ParseResult<ClientMessage> {
  const parsed = parseJson(text, maxDepth);
  if (!parsed.ok) return parsed;
  const m = parsed.value;
  if (!isObject(m) || typeof m.type !== 'string') return fail('invalid-message');
  const { type } = m;
  if (m.payload !== undefined && type !== MessageType.Presence && type !== MessageType.Room && !isObject(m.payload)) return fail('invalid-message');
  const payload = m.payload as JsonObject | undefined;
  if (type === MessageType.Heartbeat) return { ok: true, value: { type } };
  if (type === MessageType.Presence) {
    const req = parsePresenceRequest(m.payload);
    return req.ok ? { ok: true, value: { type, payload: req.value } } : req;
  }
  if (type === MessageType.Room) {
    const req = parseRoomRequest(m.payload);
    return req.ok ? { ok: true, value: { type, payload: req.value } } : req;
  }
  if (!RELAYED_TYPES.has(type)) return fail('unknown-type');
  const dst = m.dst;
  if (type === MessageType.Leave && (dst === undefined || dst === null || dst === '')) {
    return { ok: true, value: { type, payload } };
  }
  if (dst === undefined || dst === null || dst === '') return fail('missing-dst');
  if (!isValidId(dst)) return fail('invalid-dst');
  return { ok: true, value: { type: type as 'OFFER', dst, payload } };
}

function isIceServer(v: Json): boolean {
  if (!isObject(v)) return false;
  const { urls, username, credential } = v;
  const okUrls = typeof urls === 'string' || (Array.isArray(urls) && urls.every((u) => typeof u === 'string'));
  return okUrls && (username === undefined || typeof username === 'string') && (credential === undefined || typeof credential === 'string');
}

/** The well-formed entries of an untrusted ICE server list (OPEN payload, `GET {key}/ice`); undefined if it is no list. */
export function parseIceServers(v: Json | undefined): IceServerList | undefined {
  return Array.isArray(v) ? v.filter(isIceServer) as unknown as IceServerList : undefined;
}

function parsePresencePeer(v: Json | undefined): PresencePeer | undefined {
  if (!isObject(v) || !isValidId(v.id)) return undefined;
  return isObject(v.metadata) ? { id: v.id, metadata: v.metadata } : { id: v.id };
}

function parsePresenceEvent(p: Json | undefined): PresenceEvent | undefined {
  if (!isObject(p)) return undefined;
  switch (p.event) {
    case 'snapshot': {
      if (!Array.isArray(p.peers)) return undefined;
      const peers = p.peers.map(parsePresencePeer).filter((x): x is PresencePeer => !!x);
      return { event: 'snapshot', peers };
    }
    case 'join': case 'update': {
      const peer = parsePresencePeer(p.peer);
      return peer ? { event: p.event, peer } : undefined;
    }
    case 'leave':
      return isValidId(p.id) ? { event: 'leave', id: p.id } : undefined;
    default:
      return undefined;
  }
}

/**
 * Parses a frame the server sent to a client. Works for stock PeerServer output too. Returns
 * `unknown-type` for types this version doesn't know (callers ignore those).
 */
export function parseServerMessage(text: string): ParseResult<ServerMessage> {
  const parsed = parseJson(text, 64);
  if (!parsed.ok) return parsed;
  const m = parsed.value;
  if (!isObject(m) || typeof m.type !== 'string') return fail('invalid-message');
  const msgOf = (): { msg: string } => ({ msg: isObject(m.payload) && typeof m.payload.msg === 'string' ? m.payload.msg : '' });
  switch (m.type) {
    case MessageType.Open: {
      const p = m.payload;
      if (isObject(p) && p.server === 'p2p-kit' && typeof p.id === 'string') {
        return { ok: true, value: { type: 'OPEN', payload: {
          server: 'p2p-kit', id: p.id, version: typeof p.version === 'string' ? p.version : '',
          features: Array.isArray(p.features) ? p.features.filter((f): f is string => typeof f === 'string') : [],
          ...(Array.isArray(p.iceServers) ? { iceServers: parseIceServers(p.iceServers) } : {}),
        } } };
      }
      return { ok: true, value: { type: 'OPEN' } };
    }
    case MessageType.Error: case MessageType.IdTaken:
      return { ok: true, value: { type: m.type, payload: msgOf() } };
    case MessageType.InvalidKey:
      return { ok: true, value: { type: m.type, payload: msgOf() } };
    case MessageType.Presence: {
      const ev = parsePresenceEvent(m.payload);
      return ev ? { ok: true, value: { type: m.type, payload: ev } } : fail('invalid-message');
    }
    case MessageType.Room: {
      const ev = parseRoomEvent(m.payload);
      return ev ? { ok: true, value: { type: m.type, payload: ev } } : fail('invalid-message');
    }
    case MessageType.Rejected: {
      const p = m.payload;
      if (!isObject(p) || typeof p.code !== 'string') return fail('invalid-message');
      return { ok: true, value: { type: m.type, payload: {
        code: p.code as RejectCode, msg: typeof p.msg === 'string' ? p.msg : '', ...(typeof p.type === 'string' ? { type: p.type } : {}),
      } } };
    }
    default:
      if (!RELAYED_TYPES.has(m.type)) return fail('unknown-type');
      if (typeof m.src !== 'string') return fail('invalid-message');
      if (m.payload !== undefined && !isObject(m.payload)) return fail('invalid-message');
      return { ok: true, value: {
        type: m.type as 'OFFER', src: m.src, dst: typeof m.dst === 'string' ? m.dst : '',
        ...(m.payload !== undefined ? { payload: m.payload as JsonObject } : {}),
      } };
  }
}

function parseKit(v: Json | undefined): KitInfo | undefined {
  if (!isObject(v) || typeof v.v !== 'number') return undefined;
  const kit: KitInfo = { v: v.v };
  if (Array.isArray(v.features)) kit.features = v.features.filter((f): f is string => typeof f === 'string');
  if (v.renegotiate === true) kit.renegotiate = true;
  if (v.reject === 'declined' || v.reject === 'busy' || v.reject === 'no-answer') kit.reject = v.reject;
  if (v.ringing === true) kit.ringing = true;
  if (v.cancel === true) kit.cancel = true;
  return kit;
}

function parseSdp(v: Json | undefined): OfferPayload['sdp'] | undefined {
  if (!isObject(v) || typeof v.type !== 'string' || !['offer', 'answer', 'pranswer', 'rollback'].includes(v.type)) return undefined;
  if (v.sdp !== undefined && typeof v.sdp !== 'string') return undefined;
  return { type: v.type as OfferPayload['sdp']['type'], ...(typeof v.sdp === 'string' ? { sdp: v.sdp } : {}) };
}

function connType(v: Json | undefined): 'data' | 'media' | undefined {
  return v === 'data' || v === 'media' ? v : undefined;
}

/** Validates a relayed OFFER payload (what PeerJS 1.5 and p2p-kit send). */
export function parseOfferPayload(p: JsonObject | undefined): OfferPayload | undefined {
  if (!p) return undefined;
  const sdp = parseSdp(p.sdp), type = connType(p.type);
  if (!sdp || !type || typeof p.connectionId !== 'string' || !p.connectionId) return undefined;
  const out: OfferPayload = { sdp, type, connectionId: p.connectionId };
  if (p.metadata !== undefined) out.metadata = p.metadata;
  if (typeof p.label === 'string') out.label = p.label;
  if (typeof p.reliable === 'boolean') out.reliable = p.reliable;
  if (typeof p.serialization === 'string') out.serialization = p.serialization;
  const kit = parseKit(p.kit);
  if (kit) out.kit = kit;
  return out;
}

/** Validates a relayed ANSWER payload. */
export function parseAnswerPayload(p: JsonObject | undefined): AnswerPayload | undefined {
  if (!p) return undefined;
  const sdp = parseSdp(p.sdp), type = connType(p.type), kit = parseKit(p.kit);
  if ((!sdp && !kit?.reject && !kit?.ringing) || !type || typeof p.connectionId !== 'string' || !p.connectionId) return undefined;
  return { ...(sdp ? { sdp } : {}), type, connectionId: p.connectionId, ...(kit ? { kit } : {}) };
}

/** Validates a relayed CANDIDATE payload. */
export function parseCandidatePayload(p: JsonObject | undefined): CandidatePayload | undefined {
  if (!p || !isObject(p.candidate) || typeof p.candidate.candidate !== 'string') return undefined;
  const type = connType(p.type);
  if (!type || typeof p.connectionId !== 'string' || !p.connectionId) return undefined;
  const c = p.candidate;
  return { type, connectionId: p.connectionId, candidate: {
    candidate: c.candidate as string,
    sdpMid: typeof c.sdpMid === 'string' ? c.sdpMid : null,
    sdpMLineIndex: typeof c.sdpMLineIndex === 'number' ? c.sdpMLineIndex : null,
    ...(typeof c.usernameFragment === 'string' ? { usernameFragment: c.usernameFragment } : {}),
  } };
}

/**
 * Validates a relayed LEAVE payload (p2p-kit only; PeerServer's LEAVE has none). `undefined` means
 * "no usable payload": the LEAVE then keeps PeerJS's meaning (everything with `src` ends).
 */
export function parseLeavePayload(p: JsonObject | undefined): LeavePayload | undefined {
  if (!p) return undefined;
  const type = connType(p.type), kit = parseKit(p.kit);
  if (!type || typeof p.connectionId !== 'string' || !p.connectionId) return undefined;
  return { type, connectionId: p.connectionId, ...(kit ? { kit } : {}) };
}
