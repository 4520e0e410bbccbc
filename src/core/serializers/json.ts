/** `json` serialization: JSON as UTF-8 bytes in one binary frame, like PeerJS 1.5 (PROTOCOL.md §3.4). */
import { PeerError } from '../errors.js';
import { CHUNK } from './binary.js';
import { isCloseMessage, type Frame, type FrameWriter, type Serializer, type SerializerOptions } from './types.js';

export class JsonSerializer implements Serializer {
  readonly name = 'json';
  constructor(private readonly opts: SerializerOptions) {}

  async encode(value: unknown, out: FrameWriter): Promise<void> {
    const text = JSON.stringify(value);
    if (text === undefined || (value === null && !out.remoteKit)) {
      throw new PeerError('serialization', 'This value cannot be sent as JSON to this peer');
    }
    const bytes = new TextEncoder().encode(text);
    // PeerJS refuses to send ≥16300 bytes and has no chunking for json; p2p-kit peers take a full frame.
    const limit = out.remoteKit ? out.frameSize : CHUNK - 1;
    if (bytes.length > limit) throw new PeerError('message-too-big', `JSON message of ${bytes.length} bytes exceeds ${limit} bytes`);
    return out.write(bytes);
  }

  decode(frame: Frame): void {
    const size = typeof frame === 'string' ? frame.length : frame.byteLength;
    if (size > this.opts.maxMessageSize) {
      this.opts.reader.error(new PeerError('message-refused', `Refused a ${size}-byte message: larger than maxMessageSize`));
      return;
    }
    let v: unknown;
    try {
      v = JSON.parse(typeof frame === 'string' ? frame : new TextDecoder().decode(frame));
    } catch (cause) {
      this.opts.reader.error(new PeerError('serialization', 'Received a message that is not JSON', { cause }));
      return;
    }
    if (isCloseMessage(v)) this.opts.reader.close();
    else this.opts.reader.data(v);
  }
}
