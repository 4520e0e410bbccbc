// Real Chromium: a page that got its id from the server reloads and registers the same id again,
// because the core keeps id and token in sessionStorage (PeerJS gets a new id after every reload).
// The page is a same-origin iframe, so its sessionStorage is the test page's and survives the reload.
import { expect } from '@open-wc/testing';

interface FrameReport { kind: 'open' | 'error'; id?: string; type?: string }

/** An iframe whose page makes one `new Peer(options)` without an id and reports open/error. */
function peerFrame(server: string): { frame: HTMLIFrameElement; next(): Promise<FrameReport> } {
  const { host, port, path, key } = window.TEST_SERVERS[server]!;
  const options = { host, port, path, key, secure: false, config: { iceServers: [] } };
  const frame = document.createElement('iframe');
  frame.srcdoc = `<!doctype html><script type="module">
    import { Peer } from '/src/core/index.ts';
    const peer = new Peer(${JSON.stringify(options)});
    peer.on('open', (id) => parent.postMessage({ kind: 'open', id }, '*'));
    peer.on('error', (e) => parent.postMessage({ kind: 'error', type: e.type }, '*'));
  </script>`;
  const next = () => new Promise<FrameReport>((resolve, reject) => {
    const timer = setTimeout(() => { window.removeEventListener('message', on); reject(new Error('no report from the frame')); }, 10000);
    const on = (e: MessageEvent) => {
      if (e.source !== frame.contentWindow) return;
      clearTimeout(timer);
      window.removeEventListener('message', on);
      resolve(e.data as FrameReport);
    };
    window.addEventListener('message', on);
  });
  return { frame, next };
}

for (const server of ['kit', 'stock']) {
  describe(`core: page reload keeps a server-assigned id (${server})`, () => {
    afterEach(() => { sessionStorage.clear(); document.querySelectorAll('iframe').forEach((f) => f.remove()); });

    it('registers the same id after the page reloads', async function () {
      this.timeout(20000);
      sessionStorage.clear();
      const { frame, next } = peerFrame(server);
      const first = next();
      document.body.append(frame);
      const a = await first;
      expect(a.kind, `first load: ${a.type ?? ''}`).to.equal('open');
      // Server-made ids are UUIDs: nobody chose this one.
      expect(a.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
      const second = next();
      frame.contentWindow!.location.reload();
      const b = await second;
      expect(b.kind, `after reload: ${b.type ?? ''}`).to.equal('open');
      expect(b.id).to.equal(a.id);
    });

    it('a fresh session (no stored id) gets a new id', async function () {
      this.timeout(20000);
      sessionStorage.clear();
      const one = peerFrame(server);
      const first = one.next();
      document.body.append(one.frame);
      const a = await first;
      one.frame.remove();
      sessionStorage.clear();
      const two = peerFrame(server);
      const second = two.next();
      document.body.append(two.frame);
      const b = await second;
      expect(a.kind).to.equal('open');
      expect(b.kind).to.equal('open');
      expect(b.id).to.not.equal(a.id);
    });
  });
}
