/**
 * A serializer whose implementation is a chunk of its own (MsgPack with msgpackr, binary with
 * binarypack), loaded when the first connection that needs it starts, so the core's first load
 * carries neither. Frames that arrive before it loaded are kept and replayed in order.
 */
import { PeerError } from '../errors.js';
import type { Frame, FrameReader, FrameWriter, SerializationType, Serializer } from './types.js';

export class LazySerializer implements Serializer {
  private impl: Serializer | undefined;
  private early: Frame[] | undefined = [];
  private readonly ready: Promise<Serializer>;

  constructor(readonly name: SerializationType, load: () => Promise<Serializer>, reader: FrameReader) {
    this.ready = load().then((s) => {
      this.impl = s;
      const early = this.early ?? [];
      this.early = undefined;
      for (const f of early) s.decode(f);
      return s;
    });
    this.ready.catch((cause: unknown) => {
      this.early = undefined;
      reader.error(new PeerError('serialization', `Could not load the ${name} serializer`, { cause }));
    });
  }

  async encode(value: unknown, out: FrameWriter): Promise<void> {
    return (this.impl ?? await this.ready).encode(value, out);
  }

  decode(frame: Frame): void {
    if (this.impl) this.impl.decode(frame);
    else this.early?.push(frame);
  }
}
