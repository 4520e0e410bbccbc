/**
 * p2p-kit core: PeerJS's API (`Peer`, `DataConnection`, `MediaConnection`, `util`) speaking the PeerJS
 * wire, plus streaming big sends, reconnect, renegotiation, presence and an in-page loopback network.
 */
export { Peer, type PeerEvents, type PeerState, type ConnectOptions, type CallOptions } from './peer.js';
export type { PeerOptions } from './peer-options.js';
export { NODE_WEBRTC_PACKAGE, type WebRTCImplementation } from './webrtc-env.js';
export { DataConnection, DEFAULT_MAX_MESSAGE_SIZE, type DataConnectionEvents, type ProgressInfo } from './dataconnection.js';
export { MediaConnection, type MediaConnectionEvents, type CloseReason } from './mediaconnection.js';
export { PeerError, type PeerErrorType, type ConnectionErrorType, type AnyErrorType } from './errors.js';
export { PeerEvent, Emitter, type EventMap } from './emitter.js';
export { util } from './util.js';
export { verificationCode } from './verify.js';
export * from './room/index.js';
export { createLoopbackNetwork, type LoopbackNetwork, type LoopbackOptions } from './loopback.js';
export { createWebSocketTransport, type SignalTransport, type SocketLike, type WebSocketTransportOptions } from './transport.js';
export type { ReconnectOptions } from './signalling.js';
export type { Clock } from './clock.js';
export type { SerializationType } from './serializers/index.js';
export type { PresencePeer, PresenceRequest, OpenPayload, RejectReason } from '../protocol/index.js';
