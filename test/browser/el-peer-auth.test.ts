/** <p2p-peer auth-token>: a server that requires signed ids admits the token's `sub` and refuses others with `unauthorized`. */
import { expect } from '@open-wc/testing';
import { SignJWT } from 'jose';
import '../../src/define/p2p-peer.js';
import type { P2PPeerElement } from '../../src/components/p2p-peer/p2p-peer.js';
import type { P2PErrorEvent, P2PStateChangeEvent } from '../../src/components/shared/events.js';
import { nextEvent, opened, uniqueId } from './el-peer-helpers.js';

const server = (): string => { const s = window.TEST_SERVERS.kitAuth!; return `ws://${s.host}:${s.port}${s.path}`; };
const mint = (sub: string, secret = window.TEST_SERVERS.kitAuth!.authSecret!): Promise<string> =>
  new SignJWT({ sub, exp: Math.floor(Date.now() / 1000) + 120 }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));

/** A `<p2p-peer>` on the auth server, not yet in the page. */
function authPeer(peerId = ''): P2PPeerElement {
  const el = document.createElement('p2p-peer');
  el.server = server();
  el.config = { iceServers: [] };
  el.peerId = peerId;
  return el;
}

describe('<p2p-peer> auth-token', () => {
  it('opens as the id the token was signed for', async () => {
    const el = authPeer();
    const id = uniqueId('signed');
    el.setAttribute('auth-token', await mint(id));
    document.body.append(el);
    try {
      expect(await opened(el)).to.equal(id);
      expect(el.peerId).to.equal(id);
    } finally { el.remove(); }
  });

  it('a forged token fails with unauthorized and says so; a good one then opens', async () => {
    const el = authPeer(uniqueId('forged'));
    el.authToken = await mint(el.peerId, 'not-the-servers-secret-but-long-enough-0000');
    const err = nextEvent<P2PErrorEvent>(el, 'p2p-error');
    const failed = nextEvent<P2PStateChangeEvent>(el, 'p2p-state-change', (e) => e.state === 'failed');
    document.body.append(el);
    try {
      const e = await err;
      expect(e.code).to.equal('unauthorized');
      expect(e.message).to.equal('Auth token invalid');
      await failed;
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part=status]')!.textContent).to.equal('Connection failed: the server refused the sign-in token');
      el.authToken = await mint(el.peerId);
      expect(await opened(el)).to.equal(el.peerId);
    } finally { el.remove(); }
  });

  it('without a token the server refuses the id', async () => {
    const el = authPeer(uniqueId('anon'));
    const err = nextEvent<P2PErrorEvent>(el, 'p2p-error');
    document.body.append(el);
    try {
      const e = await err;
      expect([e.code, e.message]).to.deep.equal(['unauthorized', 'Auth token required']);
    } finally { el.remove(); }
  });
});
