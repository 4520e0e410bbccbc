/**
 * src/sessions: what the elements do, without the elements — the chat wire and its connections,
 * and the whole file transfer (protocol, per-peer session with flow control, SHA-256, resume, the
 * sink interface, the data-connection links). Lit-free and DOM-free (the layering lint rule keeps it
 * so), so it runs in Node as well: the `p2p-kit send`/`receive` commands and bots build on it.
 * Layers: protocol ← core ← sessions ← components.
 */
export * from './direction.js';
export * from './errors.js';
export * from './core-types.js';
export * from './chat/envelope.js';
export * from './chat/session.js';
export * from './chat/conversation.js';
export * from './files/protocol.js';
export * from './files/transfer.js';
export * from './files/rate-meter.js';
export * from './files/sinks.js';
export * from './files/session.js';
export * from './files/links.js';
