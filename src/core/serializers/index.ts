/** Serializer factory by PeerJS serialization name. */
import { JsonSerializer } from './json.js';
import { LazySerializer } from './lazy.js';
import { RawSerializer } from './raw.js';
import type { SerializationType, Serializer, SerializerOptions } from './types.js';

export type { SerializationType, Serializer, SerializerOptions, FrameWriter, FrameReader, Frame } from './types.js';

/**
 * Maps what `connect()` accepts (and what a PeerJS OFFER carries) to the wire name:
 * `binary-utf8`/`default` are PeerJS aliases of `binary`; unknown names give undefined.
 */
export function wireSerialization(name: string | undefined): SerializationType | undefined {
  switch (name) {
    case undefined: return 'MsgPack';
    case 'MsgPack': case 'binary': case 'json': case 'raw': return name;
    case 'binary-utf8': case 'default': return 'binary';
    default: return undefined;
  }
}

export function createSerializer(name: SerializationType, opts: SerializerOptions): Serializer {
  switch (name) {
    // Lazy chunks, each fetched along with its library in parallel: the core's first load has neither.
    case 'MsgPack': return new LazySerializer(name, () => loadMsgPack().then((m) => new m.MsgPackSerializer(opts)), opts.reader);
    case 'binary': return new LazySerializer(name, () => loadBinary().then((m) => new m.BinarySerializer(opts)), opts.reader);
    case 'json': return new JsonSerializer(opts);
    case 'raw': return new RawSerializer(opts);
  }
}

const loadMsgPack = () => Promise.all([import('./msgpack.js'), import('msgpackr/pack')]).then(([m]) => m);
const loadBinary = () => Promise.all([import('./binary.js'), import('peerjs-js-binarypack')]).then(([m]) => m);

/** Fetches the MsgPack serializer and msgpackr ahead of the first connection (see `warmUp`). */
export const preloadMsgPack = (): Promise<unknown> => loadMsgPack();
