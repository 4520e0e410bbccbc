/** Keyboard operability, with real key presses (`sendKeys`): Tab reaches the controls, Enter/Space work them. */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/p2p-call.js';
import '../../src/define/p2p-file-drop.js';
import type { P2PCallElement } from '../../src/components/p2p-call/p2p-call.js';
import type { P2PCallEndEvent, P2PIncomingCallEvent } from '../../src/components/p2p-call/p2p-call.events.js';
import type { P2PFileDropElement } from '../../src/components/p2p-file-drop/p2p-file-drop.js';
import type { P2PFileOfferEvent, P2PFileReceivedEvent } from '../../src/components/p2p-file-drop/p2p-file-drop.events.js';
import { nextEvent, noise, pair, type Pair } from './el-call-helpers.js';

/** The focused element inside `el`'s shadow root (null when focus is elsewhere). */
const focused = (el: HTMLElement) => el.shadowRoot!.activeElement as HTMLElement | null;
const label = (el: Element | null) => el?.textContent?.trim();

/** A plain button right before `el`, focused: the next Tab goes into `el`. */
function focusBefore(el: HTMLElement): HTMLButtonElement {
  const before = document.createElement('button');
  before.textContent = 'before';
  el.before(before);
  before.focus();
  return before;
}

describe('keyboard', () => {
  let calls: Pair<P2PCallElement> | undefined;
  let drops: Pair<P2PFileDropElement> | undefined;
  afterEach(() => { calls?.close(); drops?.close(); calls = drops = undefined; });

  it('<p2p-call>: Tab reaches Accept on an incoming call and Enter answers it', async () => {
    calls = await pair('p2p-call');
    const p = calls;
    const ringing = nextEvent<P2PIncomingCallEvent>(p.b, 'p2p-incoming-call');
    const started = p.a.start();
    await ringing;
    await p.b.updateComplete;
    focusBefore(p.b);
    await sendKeys({ press: 'Tab' });
    expect(label(focused(p.b))).to.equal('Accept');
    await sendKeys({ press: 'Enter' });
    await started;
    if (p.b.state !== 'active') await nextEvent(p.b, 'p2p-state-change', () => p.b.state === 'active');
    expect(p.b.getAttribute('state')).to.equal('active');
    // Hang up is reachable too: Tab through the in-call toolbar to it, then Space.
    await p.b.updateComplete;
    focusBefore(p.b);
    const ended = nextEvent<P2PCallEndEvent>(p.a, 'p2p-call-end');
    for (let i = 0; i < 10 && label(focused(p.b)) !== 'Hang up'; i++) await sendKeys({ press: 'Tab' });
    expect(label(focused(p.b))).to.equal('Hang up');
    await sendKeys({ press: ' ' }); // ' ', not 'Space': puppeteer's WebDriver BiDi keyboard (Firefox) knows only the character
    expect((await ended).reason).to.equal('remote-hangup');
  });

  it('<p2p-call>: Tab, Tab reaches Decline and Space declines', async () => {
    calls = await pair('p2p-call');
    const p = calls;
    const ringing = nextEvent<P2PIncomingCallEvent>(p.b, 'p2p-incoming-call');
    const started = p.a.start().then(() => 'active', (e: { code?: string }) => e.code);
    await ringing;
    await p.b.updateComplete;
    focusBefore(p.b);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(label(focused(p.b))).to.equal('Decline');
    await sendKeys({ press: ' ' }); // ' ', not 'Space': puppeteer's WebDriver BiDi keyboard (Firefox) knows only the character
    expect(await started).to.equal('declined');
    expect(p.b.endReason).to.equal('declined');
  });

  it('<p2p-file-drop>: Tab reaches the picker button and Enter opens the file chooser', async () => {
    drops = await pair('p2p-file-drop');
    const el = drops.a;
    await el.updateComplete;
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
    // Keep the real chooser from opening: a cancelled click on a file input shows no dialog.
    const opened = nextEvent<MouseEvent>(input, 'click');
    input.addEventListener('click', (e) => e.preventDefault(), { once: true });
    focusBefore(el);
    await sendKeys({ press: 'Tab' });
    expect(label(focused(el))).to.equal('Choose files…');
    await sendKeys({ press: 'Enter' });
    await opened;
  });

  it('<p2p-file-drop>: Tab reaches an offer\'s Accept (Enter receives) and Decline (Space declines)', async () => {
    drops = await pair('p2p-file-drop');
    const p = drops;
    // Accept by keyboard.
    let offered = nextEvent<P2PFileOfferEvent>(p.b, 'p2p-file-offer');
    const received = nextEvent<P2PFileReceivedEvent>(p.b, 'p2p-file-received');
    const first = p.a.send(new File([noise(50_000)], 'yes.bin'));
    await offered;
    await p.b.updateComplete;
    focusBefore(p.b);
    await sendKeys({ press: 'Tab' }); // the picker button
    await sendKeys({ press: 'Tab' });
    expect(label(focused(p.b))).to.equal('Accept');
    await sendKeys({ press: 'Enter' });
    expect((await received).file.size).to.equal(50_000);
    expect((await first)[0].state).to.equal('done');
    // Decline by keyboard.
    offered = nextEvent<P2PFileOfferEvent>(p.b, 'p2p-file-offer');
    const second = p.a.send(new File([noise(50_000)], 'no.bin'));
    await offered;
    await p.b.updateComplete;
    focusBefore(p.b);
    for (let i = 0; i < 3; i++) await sendKeys({ press: 'Tab' });
    expect(label(focused(p.b))).to.equal('Decline');
    await sendKeys({ press: ' ' }); // ' ', not 'Space': puppeteer's WebDriver BiDi keyboard (Firefox) knows only the character
    const [t] = await second;
    expect(t.state).to.equal('declined');
    expect(t.bytes).to.equal(0);
  });
});
