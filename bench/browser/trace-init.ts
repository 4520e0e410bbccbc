/**
 * Init script for the latency profile (bench/profile.ts): timestamps, in every page, what a
 * registration and a connection go through — socket created/open/each frame type sent and received,
 * RTCPeerConnection created, each offer/answer/description step, ICE and channel state changes —
 * into `window.__trace`. Runs before the page's own code; as a string so Playwright can inject it.
 */
export const TRACE_INIT = `(() => {
  const T = window.__trace = [];
  const now = () => performance.timeOrigin + performance.now();
  const mark = (l) => T.push([now(), l]);
  const kind = (d) => { const m = /"type":"([A-Z][A-Z0-9-]*)"/.exec(typeof d === 'string' ? d : ''); return m ? m[1] : 'bin'; };
  const WS = window.WebSocket;
  window.WebSocket = class extends WS {
    constructor(...a) {
      super(...a);
      mark('ws.new');
      this.addEventListener('open', () => mark('ws.open'));
      this.addEventListener('message', (e) => mark('ws.recv.' + kind(e.data)));
    }
    send(d) { mark('ws.send.' + kind(d)); return super.send(d); }
  };
  const SS = Storage.prototype;
  for (const m of ['getItem', 'setItem']) {
    const orig = SS[m];
    SS[m] = function (...a) { mark('storage.' + m + '.call'); try { return orig.apply(this, a); } finally { mark('storage.' + m + '.done'); } };
  }
  const PC = window.RTCPeerConnection;
  const watchDc = (dc, side) => dc.addEventListener('open', () => mark('dc.open.' + side));
  window.RTCPeerConnection = class extends PC {
    constructor(...a) {
      mark('pc.new');
      super(...a);
      mark('pc.made');
      this.addEventListener('iceconnectionstatechange', () => mark('ice.' + this.iceConnectionState));
      this.addEventListener('icegatheringstatechange', () => mark('gather.' + this.iceGatheringState));
      this.addEventListener('icecandidate', (e) => mark(e.candidate ? 'cand.local' : 'cand.end'));
      this.addEventListener('datachannel', (e) => { mark('dc.announced'); watchDc(e.channel, 'callee'); });
      this.addEventListener('track', () => mark('track'));
    }
    createDataChannel(...a) { const dc = super.createDataChannel(...a); mark('dc.create'); watchDc(dc, 'caller'); return dc; }
  };
  for (const m of ['createOffer', 'createAnswer', 'setLocalDescription', 'setRemoteDescription', 'addIceCandidate']) {
    const orig = PC.prototype[m];
    window.RTCPeerConnection.prototype[m] = function (...a) {
      mark(m + '.call');
      const p = orig.apply(this, a);
      p.then(() => mark(m + '.done'), () => mark(m + '.fail'));
      return p;
    };
  }
})();`;
