/** <p2p-file-drop>: deciding offers from code (the event's accept()/decline(), the element's decline(id)) and the receiver's speed/ETA. */
import { expect } from '@open-wc/testing';
import '../../src/define/p2p-file-drop.js';
import type { P2PFileDropElement } from '../../src/components/p2p-file-drop/p2p-file-drop.js';
import type { P2PFileOfferEvent, P2PFileProgressEvent, P2PFileReceivedEvent } from '../../src/components/p2p-file-drop/p2p-file-drop.events.js';
import { nextEvent, noise, pair, sha256Hex, type Pair } from './el-call-helpers.js';

const MiB = 1024 * 1024;
const offersShown = (el: HTMLElement) => el.shadowRoot!.querySelectorAll('[part=offers] li').length;

describe('<p2p-file-drop> offers', () => {
  let p: Pair<P2PFileDropElement> | undefined;
  afterEach(() => { p?.close(); p = undefined; });

  it("accepts through the event's accept() during dispatch: no UI, the file arrives", async () => {
    p = await pair('p2p-file-drop');
    const b = p.b;
    b.addEventListener('p2p-file-offer', (e) => e.accept());
    const received = nextEvent<P2PFileReceivedEvent>(b, 'p2p-file-received');
    const bytes = noise(200_000);
    const [t] = await p.a.send(new File([bytes], 'ok.bin'));
    expect(t.state).to.equal('done');
    expect((await received).sha256).to.equal(await sha256Hex(bytes));
    await b.updateComplete;
    expect(offersShown(b)).to.equal(0);
  });

  it("accepts through the event's accept() after dispatch, while the UI asks", async () => {
    p = await pair('p2p-file-drop');
    const b = p.b;
    const offered = nextEvent<P2PFileOfferEvent>(b, 'p2p-file-offer');
    const sent = p.a.send(new File([noise(100_000)], 'later.bin'));
    const ev = await offered;
    await b.updateComplete;
    expect(offersShown(b)).to.equal(1); // nobody decided during dispatch: the UI asks
    expect(b.transfers[0].state).to.equal('offered');
    const received = nextEvent<P2PFileReceivedEvent>(b, 'p2p-file-received');
    ev.accept();
    const [t] = await sent;
    expect(t.state).to.equal('done');
    expect((await received).file.size).to.equal(100_000);
    await b.updateComplete;
    expect(offersShown(b)).to.equal(0);
  });

  it("declines through the event's decline(): the sender sees declined, no byte flows", async () => {
    p = await pair('p2p-file-drop', { 'auto-accept': '' }); // decline() wins over auto-accept
    const b = p.b;
    let got = false;
    b.addEventListener('p2p-file-received', () => { got = true; });
    b.addEventListener('p2p-file-offer', (e) => e.decline());
    const [t] = await p.a.send(new File([noise(300_000)], 'no.bin'));
    expect(t.state).to.equal('declined');
    expect(t.reason).to.equal('declined');
    expect(t.bytes).to.equal(0);
    expect(b.transfers[0].state).to.equal('declined');
    expect(got).to.equal(false);
  });

  it('declines through the element\'s decline(id): the offer leaves the UI and the sender sees declined', async () => {
    p = await pair('p2p-file-drop');
    const b = p.b;
    const offered = nextEvent<P2PFileOfferEvent>(b, 'p2p-file-offer');
    const sent = p.a.send(new File([noise(100_000)], 'nope.bin'));
    const { offer } = await offered;
    await b.updateComplete;
    expect(offersShown(b)).to.equal(1);
    b.decline(offer.id);
    const [t] = await sent;
    expect(t.state).to.equal('declined');
    expect(t.bytes).to.equal(0);
    await b.updateComplete;
    expect(offersShown(b)).to.equal(0);
    expect(b.shadowRoot!.querySelector(`.transfer[data-direction=receive]`)!.getAttribute('data-state')).to.equal('declined');
    b.decline(offer.id); // no longer waiting: a no-op
    b.decline('no-such-id');
    expect(b.transfers[0].state).to.equal('declined');
  });

  it('shows speed and time left on the receiving row while transferring', async function () {
    this.timeout(60_000);
    p = await pair('p2p-file-drop', { 'auto-accept': '' });
    const b = p.b;
    let seen: { text: string; rate: number } | undefined;
    const onProgress = async (e: P2PFileProgressEvent) => {
      if (seen || e.transfer.direction !== 'receive' || e.transfer.bytes < 2 * MiB) return;
      await b.updateComplete;
      const row = b.shadowRoot!.querySelector('.transfer[data-direction=receive][data-state=transferring]');
      if (!row || seen) return;
      const text = row.querySelector('.status')!.textContent!;
      // Under CPU load the meter can still read 0 B/s right after a stall: take the first row that
      // shows a rate (the assertions below still fail if no row ever shows one).
      if (/ [\d.,]*[1-9][\d.,]* [KMG]?B\/s/.test(text)) seen = { text, rate: e.transfer.bytesPerSecond };
    };
    b.addEventListener('p2p-file-progress', (e) => void onProgress(e));
    const [t] = await p.a.send(new File([noise(24 * MiB)], 'rate.bin'));
    expect(t.state).to.equal('done');
    expect(seen, 'a receiving row was seen mid-transfer').to.not.equal(undefined);
    expect(seen!.rate).to.be.greaterThan(0);
    expect(seen!.text).to.match(/Transferring · [\d.,]+ [KMG]?B\/s · (\d+:\d\d|—) left/);
    expect(seen!.text).to.match(/· [\d.,]*[1-9][\d.,]* [KMG]?B\/s/); // a real rate, not 0 B/s
  });
});
