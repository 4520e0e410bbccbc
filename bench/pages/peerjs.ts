/**
 * Stock PeerJS 1.5.5 against the stock `peer` 1.0.2 server: the anchor p2p-kit is compared with.
 * Used exactly as its README shows (default serialization `binary`, default `reliable: false`).
 */
import { Peer, type DataConnection, type MediaConnection } from 'peerjs';
import { installBench, type Adapter, type Signal } from './common.js';

class PeerJsAdapter implements Adapter {
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

  hangUp(): void {
    this.conn?.close();
    this.media?.close();
    this.conn = undefined;
    this.media = undefined;
  }
}

installBench(new PeerJsAdapter());
