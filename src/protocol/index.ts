/** p2p-kit signalling protocol: the one definition of the wire, shared by server and core. */
export * from './types.js';
export * from './errors.js';
export * from './limits.js';
export * from './urls.js';
export * from './parse.js';
export * from './rooms.js';
export * from './auth.js';

/** Version string our server announces in OPEN and clients send as `version`. */
export const PROTOCOL_VERSION = '0.1.0';
