/**
 * The floor: bare RTCPeerConnection / RTCDataChannel, signalled over a bare WebSocket speaking the
 * PeerServer wire (OFFER/ANSWER/CANDIDATE relayed by the same stock `peer` server PeerJS uses).
 * No library, so whatever p2p-kit and PeerJS add on top shows up as their ratio to this column.
 */
import { installBench, type Adapter, type Signal } from './common.js';

/** Chunk and flow-control sizes a careful hand-written sender would pick in Chromium. */
const CHUNK = 64 * 1024;
const HIGH_WATER = 8 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;

type Msg = { type: string; src?: string; payload?: { sdp?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit; type?: string; connectionId?: string } };

class RawAdapter implements Adapter {
  private ws?: WebSocket;
  private pc?: RTCPeerConnection;
  private dc?: RTCDataChannel;
  private remote = '';
  private connectionId = '';
  private onOffer?: (m: Msg) => void;
  private queued: RTCIceCandidateInit[] = [];

  register(sig: Signal, id: string): Promise<void> {
    const token = Math.random().toString(36).slice(2);
    const ws = new WebSocket(`ws://${sig.host}:${sig.port}${sig.path}peerjs?key=${sig.key}&id=${id}&token=${token}`);
    this.ws = ws;
    setInterval(() => { if (ws.readyState === WebSocket.OPEN) ws.send('{"type":"HEARTBEAT"}'); }, 5000);
    return new Promise((resolve, reject) => {
      ws.onerror = () => reject(new Error('signalling socket failed'));
      ws.onmessage = (ev) => {
        const m = JSON.parse(String(ev.data)) as Msg;
        if (m.type === 'OPEN') resolve();
        else void this.handle(m);
      };
    });
  }

  private signal(type: string, payload: object): void {
    this.ws?.send(JSON.stringify({ type, dst: this.remote, payload: { ...payload, connectionId: this.connectionId } }));
  }

  private async handle(m: Msg): Promise<void> {
    const p = m.payload ?? {};
    if (m.type === 'OFFER') { this.onOffer?.(m); return; }
    if (p.connectionId !== this.connectionId || !this.pc) return;
    if (m.type === 'ANSWER' && p.sdp) {
      await this.pc.setRemoteDescription(p.sdp);
      for (const c of this.queued.splice(0)) await this.pc.addIceCandidate(c);
    } else if (m.type === 'CANDIDATE' && p.candidate) {
      if (this.pc.remoteDescription) await this.pc.addIceCandidate(p.candidate);
      else this.queued.push(p.candidate);
    }
  }

  private newPc(kind: 'data' | 'media'): RTCPeerConnection {
    this.hangUp();
    const pc = new RTCPeerConnection({ iceServers: [] });
    pc.onicecandidate = (e) => { if (e.candidate) this.signal('CANDIDATE', { candidate: e.candidate.toJSON(), type: kind }); };
    this.pc = pc;
    this.queued = [];
    return pc;
  }

  /** Callee side of any offer: answer it, then hand the pc to `setup`. */
  private answerNext(kind: 'data' | 'media', setup: (pc: RTCPeerConnection) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.onOffer = (m) => {
        this.onOffer = undefined;
        this.remote = m.src ?? '';
        const pcPromise = (async () => {
          const pc = this.newPc(kind);
          this.connectionId = m.payload?.connectionId ?? '';
          setup(pc);
          await pc.setRemoteDescription(m.payload?.sdp as RTCSessionDescriptionInit);
          await pc.setLocalDescription();
          this.signal('ANSWER', { sdp: pc.localDescription?.toJSON(), type: kind });
          for (const c of this.queued.splice(0)) await pc.addIceCandidate(c);
        })();
        pcPromise.then(() => { if (kind === 'media') resolve(); }, reject);
      };
      if (kind === 'data') this.dataOpen = resolve;
    });
  }

  private dataOpen?: () => void;

  acceptData(): Promise<void> {
    return this.answerNext('data', (pc) => {
      pc.ondatachannel = (e) => {
        this.dc = e.channel;
        this.dc.binaryType = 'arraybuffer';
        this.dc.onopen = () => this.dataOpen?.();
        if (this.dc.readyState === 'open') this.dataOpen?.();
      };
    });
  }

  private async offer(remote: string, kind: 'data' | 'media', setup: (pc: RTCPeerConnection) => void): Promise<RTCPeerConnection> {
    this.remote = remote;
    const pc = this.newPc(kind);
    this.connectionId = `${kind[0]}c_${Math.random().toString(36).slice(2)}`;
    setup(pc);
    await pc.setLocalDescription();
    this.signal('OFFER', { sdp: pc.localDescription?.toJSON(), type: kind });
    return pc;
  }

  async connectData(remote: string): Promise<void> {
    let dc!: RTCDataChannel;
    await this.offer(remote, 'data', (pc) => { dc = pc.createDataChannel('bench'); });
    dc.binaryType = 'arraybuffer';
    this.dc = dc;
    await new Promise((resolve) => { dc.onopen = resolve; });
  }

  async send(buf: ArrayBuffer): Promise<void> {
    const dc = this.dc;
    if (!dc) throw new Error('no channel');
    dc.bufferedAmountLowThreshold = LOW_WATER;
    for (let off = 0; off < buf.byteLength; off += CHUNK) {
      if (dc.bufferedAmount > HIGH_WATER) {
        await new Promise((resolve) => dc.addEventListener('bufferedamountlow', resolve, { once: true }));
      }
      dc.send(new Uint8Array(buf, off, Math.min(CHUNK, buf.byteLength - off)));
    }
  }

  receive(n: number): Promise<unknown> {
    const dc = this.dc;
    if (!dc) throw new Error('no channel');
    const out = new Uint8Array(n);
    let got = 0;
    return new Promise((resolve) => {
      dc.onmessage = (e: MessageEvent<ArrayBuffer>) => {
        out.set(new Uint8Array(e.data), got);
        got += e.data.byteLength;
        if (got >= n) { dc.onmessage = null; resolve(out.buffer); }
      };
    });
  }

  acceptCall(stream: MediaStream): Promise<void> {
    return this.answerNext('media', (pc) => { for (const t of stream.getTracks()) pc.addTrack(t, stream); });
  }

  async call(remote: string, stream: MediaStream): Promise<MediaStream> {
    let got!: Promise<MediaStream>;
    await this.offer(remote, 'media', (pc) => {
      for (const t of stream.getTracks()) pc.addTrack(t, stream);
      got = new Promise((resolve) => { pc.ontrack = (e) => resolve(e.streams[0]); });
    });
    return got;
  }

  hangUp(): void {
    this.dc?.close();
    this.pc?.close();
    this.dc = undefined;
    this.pc = undefined;
  }
}

installBench(new RawAdapter());
