// `remote-name` on <p2p-call> and <p2p-file-drop>: the status texts name the remote by it, and a
// hostile name stays text (no markup reaches the shadow DOM).
import { expect } from '@open-wc/testing';
import '../../src/define/p2p-call.js';
import '../../src/define/p2p-file-drop.js';
import type { P2PCallElement } from '../../src/components/p2p-call/p2p-call.js';
import type { P2PFileDropElement } from '../../src/components/p2p-file-drop/p2p-file-drop.js';
import type { P2PIncomingCallEvent } from '../../src/components/p2p-call/p2p-call.events.js';
import { nextEvent, pair, type Pair } from './el-call-helpers.js';

const evil = (who: string) => `${who} <img src=x onerror="window.__pwned=1">`;
const pwned = () => (window as { __pwned?: number }).__pwned;

describe('remote-name', () => {
  let p: Pair<HTMLElement> | undefined;
  afterEach(() => { p?.close(); p = undefined; });

  it('<p2p-call> names the remote by remote-name in its status, as text', async () => {
    const calls = await pair('p2p-call');
    p = calls;
    calls.a.setAttribute('remote-name', evil('Bob'));
    calls.b.remoteName = evil('Alice');
    await calls.a.updateComplete;
    const root = (el: P2PCallElement) => el.shadowRoot!;
    expect(root(calls.a).querySelector('button.primary')!.textContent).to.contain(`Call ${evil('Bob')}`);
    const ringing = nextEvent<P2PIncomingCallEvent>(calls.b, 'p2p-incoming-call');
    const started = calls.a.start();
    await ringing;
    await calls.b.updateComplete;
    expect(root(calls.b).querySelector('[part=status]')!.textContent).to.contain(`${evil('Alice')} is calling`);
    await Promise.all([started, calls.b.answer()]);
    await calls.a.updateComplete;
    expect(calls.a.remoteName).to.equal(evil('Bob'));
    expect(root(calls.a).querySelector('[part=status]')!.textContent).to.contain(`In a call with ${evil('Bob')}`);
    expect(root(calls.a).querySelector('img') ?? root(calls.b).querySelector('img')).to.equal(null);
    expect(pwned()).to.equal(undefined);
  });

  it('<p2p-file-drop> says "To <name> · size" / "From <name> · size", as text', async () => {
    const drops: Pair<P2PFileDropElement> = await pair('p2p-file-drop', { 'auto-accept': '' });
    p = drops;
    drops.a.setAttribute('remote-name', evil('Bob'));
    drops.b.remoteName = evil('Alice');
    const received = nextEvent(drops.b, 'p2p-file-received');
    const [t] = await drops.a.send(new File(['hello'], 'hi.txt'));
    await received;
    expect(t!.state).to.equal('done');
    await Promise.all([drops.a.updateComplete, drops.b.updateComplete]);
    const meta = (el: P2PFileDropElement) => el.shadowRoot!.querySelector('.transfer .meta')?.textContent ?? '';
    expect(meta(drops.a)).to.match(new RegExp(`^To ${evil('Bob').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · 5\\sB`));
    expect(meta(drops.b)).to.contain(`From ${evil('Alice')} · `);
    expect(drops.a.shadowRoot!.querySelector('img') ?? drops.b.shadowRoot!.querySelector('img')).to.equal(null);
    expect(pwned()).to.equal(undefined);
  });
});
