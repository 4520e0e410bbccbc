/**
 * p2p-kit core (src/core) against the p2p-kit server (src/server): the column being measured.
 * Used like PeerJS (its API is the same), with its own defaults (serialization `MsgPack`).
 */
import { Peer, type DataConnection, type MediaConnection } from '../../src/core/index.js';
import '../../src/define/p2p-file-drop.js';
import type { P2PFileDropElement } from '../../src/components/p2p-file-drop/p2p-file-drop.js';
import { installBench, type Adapter, type Signal } from './common.js';

class KitAdapter implements Adapter {
  private peer?: Peer;
  private conn?: DataConnection;
  private media?: MediaConnection;

  register(sig: Signal, id: string): Promise<void> {
    const peer = new Peer(id, { host: sig.host, port: sig.port, path: sig.path, key: sig.key, secure: false, debug: 0, config: { iceServers: [] } });
    this.peer = peer;
    return new Promise((resolve, reject) => {
      peer.once('open', () => resolve());
      peer.once('error', reject);
    });
  }

  acceptData(): Promise<void> {
    const peer = this.peer;
    if (!peer) throw new Error('register first');
    return new Promise((resolve) => {
      peer.once('connection', (conn) => { this.conn = conn; conn.once('open', () => resolve()); });
    });
  }

  connectData(remote: string): Promise<void> {
    const conn = this.peer?.connect(remote);
    if (!conn) throw new Error('register first');
    this.conn = conn;
    return new Promise((resolve, reject) => { conn.once('open', () => resolve()); conn.once('error', reject); });
  }

  async send(buf: ArrayBuffer): Promise<void> {
    if (!this.conn) throw new Error('no connection');
    await this.conn.send(buf);
  }

  receive(): Promise<unknown> {
    const conn = this.conn;
    if (!conn) throw new Error('no connection');
    return new Promise((resolve) => conn.once('data', resolve));
  }

  acceptCall(stream: MediaStream): Promise<void> {
    const peer = this.peer;
    if (!peer) throw new Error('register first');
    return new Promise((resolve) => {
      peer.once('call', (call) => { this.media = call; call.answer(stream); resolve(); });
    });
  }

  call(remote: string, stream: MediaStream): Promise<MediaStream> {
    const call = this.peer?.call(remote, stream);
    if (!call) throw new Error('register first');
    this.media = call;
    return new Promise((resolve, reject) => { call.once('stream', resolve); call.once('error', reject); });
  }

  private drop?: P2PFileDropElement;

  /** One `<p2p-file-drop auto-accept>` on this page, bound to our Peer (the file path under test). */
  private dropFor(remote?: string): P2PFileDropElement {
    if (!this.drop) {
      const el = document.createElement('p2p-file-drop');
      el.peer = this.peer;
      el.autoAccept = true;
      document.body.append(el);
      this.drop = el;
    }
    if (remote) this.drop.remote = remote;
    return this.drop;
  }

  async sendFile(remote: string, file: File): Promise<void> {
    const [t] = await this.dropFor(remote).send(file);
    if (t?.state !== 'done') throw new Error(`file transfer ended ${t?.state ?? 'refused'}: ${t?.reason ?? ''}`);
  }

  receiveFile(): Promise<Blob> {
    const el = this.dropFor();
    return new Promise((resolve) => el.addEventListener('p2p-file-received', (e) => resolve(e.file), { once: true }));
  }

  hangUp(): void {
    this.conn?.close();
    this.media?.close();
    this.conn = undefined;
    this.media = undefined;
  }
}

installBench(new KitAdapter());
