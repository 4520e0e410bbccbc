/**
 * p2p-kit: `import 'p2p-kit'` registers every `<p2p-*>` element and exports their classes, event
 * classes and the shared building blocks. Side-effect-free class modules live in
 * `src/components/<tag>/<tag>.ts`; single-tag registration in `src/define/<tag>.ts`.
 * The core (`Peer`, `DataConnection`, ...) is `p2p-kit/core`.
 */
import './define/p2p-peer.js';
import './define/p2p-video.js';
import './define/p2p-roster.js';
import './define/p2p-chat.js';
import './define/p2p-call.js';
import './define/p2p-file-drop.js';
import './define/p2p-room.js';

export { P2PPeerElement } from './components/p2p-peer/p2p-peer.js';
export { P2POpenEvent } from './components/p2p-peer/p2p-peer.events.js';
export { P2PVideoElement } from './components/p2p-video/p2p-video.js';
export { P2PRosterElement } from './components/p2p-roster/p2p-roster.js';
export * from './components/p2p-roster/p2p-roster.events.js';
export type { RosterEntry } from './components/p2p-roster/roster-model.js';
export { P2PChatElement } from './components/p2p-chat/p2p-chat.js';
export * from './components/p2p-chat/p2p-chat.events.js';
export type { ChatState } from './sessions/chat/session.js';
export type { MessageStatus } from './sessions/chat/envelope.js';
export { P2PCallElement } from './components/p2p-call/p2p-call.js';
export * from './components/p2p-call/p2p-call.events.js';
export type { CallState, EndReason } from './components/p2p-call/call-state.js';
export { P2PFileDropElement } from './components/p2p-file-drop/p2p-file-drop.js';
export * from './components/p2p-file-drop/p2p-file-drop.events.js';
export type { Transfer, TransferState, TransferFailure } from './sessions/files/transfer.js';
export type { DeclineReason } from './sessions/files/protocol.js';
export { P2PRoomElement } from './components/p2p-room/p2p-room.js';
export * from './components/p2p-room/p2p-room.events.js';
export * from './components/shared/index.js';
// Declared by more than one element module: this one wins over the star exports above.
export { P2PVerificationCodeEvent, P2PStateChangeEvent } from './components/shared/events.js';
