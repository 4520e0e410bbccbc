/** `raw` serialization: values go to the channel untouched (strings, binary); no chunking, no close message. */
import { PeerError } from '../errors.js';
import { bytesOf, type Frame, type FrameWriter, type Serializer, type SerializerOptions } from './types.js';

export class RawSerializer implements Serializer {
  readonly name = 'raw';
  constructor(private readonly opts: SerializerOptions) {}

  async encode(value: unknown, out: FrameWriter): Promise<void> {
    let frame: ArrayBuffer | Uint8Array<ArrayBuffer> | string;
    if (typeof value === 'string') frame = value;
    else if (value instanceof ArrayBuffer) frame = value;
    else if (ArrayBuffer.isView(value)) frame = bytesOf(value);
    else if (typeof Blob === 'function' && value instanceof Blob) frame = await value.arrayBuffer();
    else throw new PeerError('serialization', 'raw connections send only strings and binary data');
    const size = typeof frame === 'string' ? new TextEncoder().encode(frame).length : frame.byteLength;
    if (size > out.frameSize) throw new PeerError('message-too-big', `raw message of ${size} bytes exceeds the channel's ${out.frameSize}-byte limit`);
    return out.write(frame);
  }

  decode(frame: Frame): void {
    const size = typeof frame === 'string' ? frame.length : frame.byteLength;
    if (size > this.opts.maxMessageSize) {
      this.opts.reader.error(new PeerError('message-refused', `Refused a ${size}-byte message: larger than maxMessageSize`));
      return;
    }
    this.opts.reader.data(frame);
  }
}
