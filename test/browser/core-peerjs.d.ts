// Types for stock PeerJS in the interop tests: the browser build (window.peerjs) and its MsgPack
// serializer. A script (no top-level import), so both declarations are ambient.
interface Window { peerjs?: { Peer: typeof import('peerjs').Peer; util: typeof import('peerjs').util } }
declare module 'peerjs/dist/serializer.msgpack.mjs' {
  export { MsgPack } from 'peerjs';
}
