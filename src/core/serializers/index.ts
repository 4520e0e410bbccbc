/** Serializer factory by PeerJS serialization name. */
import { BinarySerializer } from './binary.js';
import { JsonSerializer } from './json.js';
import { MsgPackSerializer } from './msgpack.js';
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
    case 'MsgPack': return new MsgPackSerializer(opts);
    case 'binary': return new BinarySerializer(opts);
    case 'json': return new JsonSerializer(opts);
    case 'raw': return new RawSerializer(opts);
  }
}
