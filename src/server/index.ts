/** p2p-kit signalling server: PeerServer-compatible, with p2p-kit's extensions. */
export { createServer, SignallingServer, type ServerEvents } from './server.js';
export type { ServerOptions, ResolvedOptions, IceServerList } from './options.js';
export type { ServerClient } from './client.js';
export type { InboundMessage } from './signalling.js';
export { SERVER_FEATURES } from './signalling.js';
export { jsonLines, type Logger, type LogEntry, type LogLevel } from './log.js';
export { AuthError, type AuthOptions, type VerifiedToken } from './auth.js';
export { mayJoinRoom } from './auth-grants.js';
export { MissingPeerDependencyError } from './redis-load.js';
export type { RedisSetting, RedisClientOptions } from './store.js';
