/** <p2p-peer key>: a wrong server key fails with a typed error; the right one opens. */
import { expect } from '@open-wc/testing';
import '../../src/define/p2p-peer.js';
import type { P2PErrorEvent, P2PStateChangeEvent } from '../../src/components/shared/events.js';
import { nextEvent, opened, serverUrl, uniqueId } from './el-peer-helpers.js';

describe('<p2p-peer> key', () => {
  for (const server of ['kit', 'stock'] as const) {
    it(`fails with invalid-key on a wrong key and opens once the key is right (${server} server)`, async () => {
      const el = document.createElement('p2p-peer');
      el.server = serverUrl(server);
      el.peerId = uniqueId('keyed');
      el.config = { iceServers: [] };
      el.setAttribute('key', 'not-the-key');
      const states: string[] = [];
      el.addEventListener('p2p-state-change', (e: P2PStateChangeEvent) => states.push(e.state));
      const err = nextEvent<P2PErrorEvent>(el, 'p2p-error');
      const failed = nextEvent<P2PStateChangeEvent>(el, 'p2p-state-change', (e) => e.state === 'failed');
      let opens = 0;
      el.addEventListener('p2p-open', () => opens++);
      document.body.append(el);
      try {
        expect(el.key).to.equal('not-the-key');
        const e = await err;
        expect(e.code).to.equal('invalid-key');
        expect(e.message).to.be.a('string').and.not.equal('');
        await failed;
        await el.updateComplete;
        expect(el.getAttribute('state')).to.equal('failed');
        expect(el.shadowRoot!.querySelector('[part=status]')!.textContent).to.equal('Connection failed: the server refused the key');
        expect(opens).to.equal(0);
        expect(states).to.not.include('open');
        // The right key: a new session, which opens with the requested id.
        el.key = window.TEST_SERVERS[server].key;
        expect(await opened(el)).to.equal(el.peerId);
        await el.updateComplete;
        expect(el.getAttribute('state')).to.equal('open');
      } finally { el.remove(); }
    });
  }
});
