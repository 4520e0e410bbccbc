/**
 * The chat wire: small JSON envelopes over one DataConnection (label {@link CHAT_LABEL},
 * serialization `json`, so a plain PeerJS peer can take part). Pure: no DOM, no core; Node tests
 * cover it. Anything that does not parse is ignored, except a bare string, which is taken as a
 * message from a peer that does not speak the envelope (no receipts are sent back for it).
 *
 * ```jsonc
 * { "p2pchat": 1, "type": "msg", "id": "…", "text": "hi", "time": 1700000000000 }
 * { "p2pchat": 1, "type": "receipt", "ids": ["…"], "status": "delivered" | "read" }
 * { "p2pchat": 1, "type": "typing", "typing": true }
 * ```
 */

/** DataConnection label chat connections use; incoming connections with it are chat. */
export const CHAT_LABEL = 'p2p-chat';
/** Envelope version. */
export const CHAT_VERSION = 1;
/** Longest text accepted (characters); keeps one envelope well under PeerJS's 16 300-byte JSON limit. */
export const MAX_TEXT = 4000;
/** Most ids one receipt may carry. */
export const MAX_RECEIPT_IDS = 200;

export type ReceiptStatus = 'delivered' | 'read';
/** Life of an outgoing message; `failed` when it could not be handed to the connection. */
export type MessageStatus = 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

export type ChatEnvelope =
  | { p2pchat: 1; type: 'msg'; id: string; text: string; time: number }
  | { p2pchat: 1; type: 'receipt'; ids: string[]; status: ReceiptStatus }
  | { p2pchat: 1; type: 'typing'; typing: boolean };

/** What {@link decodeEnvelope} yields: an envelope, a bare-text message, or nothing. */
export type Decoded = ChatEnvelope | { p2pchat: 0; type: 'plain'; text: string } | null;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function messageEnvelope(id: string, text: string, time: number): ChatEnvelope {
  return { p2pchat: 1, type: 'msg', id, text, time };
}
export function receiptEnvelope(ids: string[], status: ReceiptStatus): ChatEnvelope {
  return { p2pchat: 1, type: 'receipt', ids, status };
}
export function typingEnvelope(typing: boolean): ChatEnvelope {
  return { p2pchat: 1, type: 'typing', typing };
}

/** Validates untrusted data from the connection. Never throws. */
export function decodeEnvelope(data: unknown): Decoded {
  if (typeof data === 'string') return data.length > 0 && data.length <= MAX_TEXT ? { p2pchat: 0, type: 'plain', text: data } : null;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const o = data as Record<string, unknown>;
  if (o.p2pchat !== CHAT_VERSION) return null;
  switch (o.type) {
    case 'msg':
      if (typeof o.id !== 'string' || !ID.test(o.id)) return null;
      if (typeof o.text !== 'string' || o.text.length === 0 || o.text.length > MAX_TEXT) return null;
      if (typeof o.time !== 'number' || !Number.isFinite(o.time)) return null;
      return messageEnvelope(o.id, o.text, o.time);
    case 'receipt': {
      if (o.status !== 'delivered' && o.status !== 'read') return null;
      if (!Array.isArray(o.ids) || o.ids.length === 0 || o.ids.length > MAX_RECEIPT_IDS) return null;
      if (!o.ids.every((id) => typeof id === 'string' && ID.test(id))) return null;
      return receiptEnvelope(o.ids as string[], o.status);
    }
    case 'typing':
      return typeof o.typing === 'boolean' ? typingEnvelope(o.typing) : null;
    default:
      return null;
  }
}

const RANK: Record<MessageStatus, number> = { failed: -1, sending: 0, sent: 1, delivered: 2, read: 3 };

/**
 * The status after an update: receipts only move forward (a late `delivered` after `read`
 * changes nothing), and `failed` is final unless a receipt proves the message arrived.
 */
export function advanceStatus(current: MessageStatus, next: MessageStatus): MessageStatus {
  if (next === 'failed') return current === 'sending' ? 'failed' : current;
  return RANK[next] > RANK[current] ? next : current;
}

/** A fresh message id (URL-safe, fits the id pattern). */
export function newMessageId(): string {
  return crypto.randomUUID();
}
