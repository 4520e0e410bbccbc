import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/p2p-file-drop.js';
import type { P2PFileDropElement } from '../../src/components/p2p-file-drop/p2p-file-drop.js';
import type { P2PFileOfferEvent, P2PFileReceivedEvent } from '../../src/components/p2p-file-drop/p2p-file-drop.events.js';
import type { Peer } from '../../src/core/index.js';
import { nextEvent, noise, pair, sha256Hex, type Pair } from './el-call-helpers.js';

const MiB = 1024 * 1024;
const shadow = (el: HTMLElement) => el.shadowRoot!;

describe('<p2p-file-drop>', () => {
  let p: Pair<P2PFileDropElement> | undefined;
  afterEach(() => { p?.close(); p = undefined; });

  it('renders a labelled drop zone and picker, reflects attributes, and passes axe', async () => {
    const el = await fixture<P2PFileDropElement>(html`<p2p-file-drop remote="bob" max-size="1000" accept=".png,image/*" disabled></p2p-file-drop>`);
    expect(el.remote).to.equal('bob');
    expect(el.maxSize).to.equal(1000);
    expect(el.acceptTypes).to.equal('.png,image/*');
    expect(el.hasAttribute('disabled')).to.equal(true);
    expect(el.hasAttribute('busy')).to.equal(false);
    const zone = shadow(el).querySelector('[part=drop-zone]')!;
    expect(zone.getAttribute('aria-label')).to.equal('Send files to bob');
    expect(shadow(el).querySelector('input[type=file]')!.getAttribute('accept')).to.equal('.png,image/*');
    expect(shadow(el).querySelector<HTMLButtonElement>('[part=drop-zone] button')!.disabled).to.equal(true);
    el.disabled = false;
    await el.updateComplete;
    expect(shadow(el).querySelector<HTMLButtonElement>('[part=drop-zone] button')!.disabled).to.equal(false);
    await expect(el).to.be.accessible();
    el.lang = 'de';
    await Promise.resolve(); // the language observer (a MutationObserver) runs first
    await el.updateComplete;
    expect(zone.getAttribute('aria-label')).to.equal('Dateien an bob senden');
  });

  it('reflects dragging while files are dragged over the zone', async () => {
    const el = await fixture<P2PFileDropElement>(html`<p2p-file-drop remote="bob"></p2p-file-drop>`);
    const zone = shadow(el).querySelector('[part=drop-zone]')!;
    const dt = new DataTransfer();
    dt.items.add(new File(['x'], 'x.txt'));
    zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect(el.hasAttribute('dragging')).to.equal(true);
    zone.dispatchEvent(new DragEvent('dragleave', { dataTransfer: dt, bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect(el.hasAttribute('dragging')).to.equal(false);
  });

  it('rejects send() without remote or peer with typed errors', async () => {
    const el = await fixture<P2PFileDropElement>(html`<p2p-file-drop></p2p-file-drop>`);
    const err = nextEvent<Event & { code: string }>(el, 'p2p-error');
    let thrown: { code?: string } | undefined;
    await el.send(new File(['x'], 'x')).catch((e) => { thrown = e; });
    expect(thrown?.code).to.equal('no-remote');
    expect((await err).code).to.equal('no-remote');
    el.remote = 'bob';
    await el.send(new File(['x'], 'x')).catch((e) => { thrown = e; });
    expect(thrown?.code).to.equal('no-peer');
  });

  it('fails fast with peer-unavailable when the remote peer is not online', async () => {
    p = await pair('p2p-file-drop');
    p.a.remote = 'nobody-home-' + Date.now().toString(36);
    const err = nextEvent<Event & { code: string }>(p.a, 'p2p-error', (e) => e.code === 'peer-unavailable');
    const [t] = await p.a.send(new File(['x'], 'x.txt'));
    expect(t.state).to.equal('failed');
    expect(t.reason).to.equal('unreachable');
    await err;
  });

  it('sends a 50 MiB file that arrives whole, SHA-256 verified, with progress on both sides', async function () {
    this.timeout(120_000);
    p = await pair('p2p-file-drop', { 'auto-accept': '' });
    const bytes = noise(50 * MiB);
    const expected = await sha256Hex(bytes);
    const file = new File([bytes], 'big.bin', { type: 'application/octet-stream' });
    let sendProgress = 0;
    let recvProgress = 0;
    p.a.addEventListener('p2p-file-progress', () => sendProgress++);
    p.b.addEventListener('p2p-file-progress', () => recvProgress++);
    const received = nextEvent<P2PFileReceivedEvent>(p.b, 'p2p-file-received');
    const sent = nextEvent<Event & { sha256: string }>(p.a, 'p2p-file-sent');
    const t0 = performance.now();
    const [transfer] = await p.a.send(file);
    const ms = performance.now() - t0;
    const r = await received;
    expect(transfer.state).to.equal('done');
    expect(r.sha256).to.equal(expected);
    expect((await sent).sha256).to.equal(expected);
    expect(r.from).to.equal(p.idA);
    expect(r.file.name).to.equal('big.bin');
    expect(r.file.size).to.equal(50 * MiB);
    expect(await sha256Hex(r.file)).to.equal(expected);
    // Written to disk (origin-private file system), not kept in page memory.
    const base = await (await navigator.storage.getDirectory()).getDirectoryHandle('p2p-file-drop');
    const sizes: number[] = [];
    for await (const dir of (base as unknown as { values(): AsyncIterable<FileSystemDirectoryHandle> }).values()) {
      for await (const f of (dir as unknown as { values(): AsyncIterable<FileSystemFileHandle> }).values()) sizes.push((await f.getFile()).size);
    }
    expect(sizes).to.include(50 * MiB);
    expect(sendProgress).to.be.greaterThan(10);
    expect(recvProgress).to.be.greaterThan(10);
    console.log(`50 MiB over loopback WebRTC: ${(ms / 1000).toFixed(1)} s, ${(50 / (ms / 1000)).toFixed(1)} MiB/s`);
    await p.b.updateComplete;
    const row = shadow(p.b).querySelector('.transfer[data-state=done]')!;
    expect(row.querySelector('a[download]')!.getAttribute('download')).to.equal('big.bin');
    expect(p.a.hasAttribute('busy')).to.equal(false);
  });

  it('declines through preventDefault: the sender sees declined and no file arrives', async () => {
    p = await pair('p2p-file-drop');
    let got = false;
    p.b.addEventListener('p2p-file-received', () => { got = true; });
    p.b.addEventListener('p2p-file-offer', (e) => e.preventDefault());
    const [t] = await p.a.send(new File([noise(300_000)], 'no.bin'));
    expect(t.state).to.equal('declined');
    expect(t.reason).to.equal('declined');
    expect(t.bytes).to.equal(0);
    expect(got).to.equal(false);
  });

  it('shows accept/decline UI when the page does not decide, and Accept starts the transfer', async () => {
    p = await pair('p2p-file-drop');
    const offered = nextEvent<P2PFileOfferEvent>(p.b, 'p2p-file-offer');
    const sending = nextEvent<Event & { transfer: { state: string } }>(p.a, 'p2p-transfer-change', (e) => e.transfer.state === 'done');
    // Dropped onto the zone, as a user would.
    const dt = new DataTransfer();
    dt.items.add(new File([noise(100_000)], 'ask.bin'));
    shadow(p.a).querySelector('[part=drop-zone]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    const ev = await offered;
    expect(ev.cancelable).to.equal(true);
    expect(ev.offer).to.include({ name: 'ask.bin', size: 100_000, from: p.idA });
    await p.b.updateComplete;
    const offer = shadow(p.b).querySelector('[part=offers] li')!;
    expect(offer.textContent).to.contain(`${p.idA} wants to send you ask.bin (100 KB)`);
    await expect(p.b).to.be.accessible();
    const received = nextEvent<P2PFileReceivedEvent>(p.b, 'p2p-file-received');
    offer.querySelector<HTMLButtonElement>('button.primary')!.click();
    expect((await received).file.size).to.equal(100_000);
    await sending;
    await p.b.updateComplete;
    expect(shadow(p.b).querySelector('[part=offers]')).to.equal(null);
    expect(shadow(p.b).querySelector('[part=transfers] progress')!.getAttribute('aria-label')).to.equal('ask.bin: 100%');
    await expect(p.b).to.be.accessible();
  });

  it('cancels from the receiver mid-transfer; the sender stops', async function () {
    this.timeout(60_000);
    p = await pair('p2p-file-drop', { 'auto-accept': '' });
    const b = p.b;
    b.addEventListener('p2p-file-progress', (e) => {
      const t = (e as Event & { transfer: { id: string; bytes: number } }).transfer;
      if (t.bytes > 2 * MiB) b.cancel(t.id);
    });
    const [t] = await p.a.send(new File([noise(40 * MiB)], 'stop.bin'));
    expect(t.state).to.equal('cancelled');
    expect(t.bytes).to.be.lessThan(40 * MiB);
    expect(b.transfers[0].state).to.equal('cancelled');
  });

  it('cancels from the sender with its Cancel button; the receiver stops', async function () {
    this.timeout(60_000);
    p = await pair('p2p-file-drop', { 'auto-accept': '' });
    const a = p.a;
    let status = '';
    const cancelled = nextEvent<Event & { state: string }>(p.b, 'p2p-transfer-change', (e) => e.state === 'cancelled');
    a.addEventListener('p2p-file-progress', async (e) => {
      const t = (e as Event & { transfer: { bytes: number } }).transfer;
      if (t.bytes < MiB) return;
      await a.updateComplete;
      const row = shadow(a).querySelector('.transfer[data-state=transferring]');
      if (!row) return;
      status = row.querySelector('.status')!.textContent!;
      row.querySelector<HTMLButtonElement>('button.danger')!.click();
    });
    const [t] = await a.send(new File([noise(40 * MiB)], 'stop.bin'));
    expect(t.state).to.equal('cancelled');
    await cancelled;
    // What the user saw before cancelling: state, speed and time left.
    expect(status).to.match(/Transferring · [\d.]+ [KMG]?B\/s · (\d+:\d\d|—) left/);
  });

  it('resumes after the data connection drops mid-transfer and still verifies', async function () {
    this.timeout(60_000);
    p = await pair('p2p-file-drop', { 'auto-accept': '' });
    const bytes = noise(16 * MiB);
    const expected = await sha256Hex(bytes);
    const peerB = p.peerB.peer as unknown as Peer;
    const statesA: string[] = [];
    const statesB: string[] = [];
    p.a.addEventListener('p2p-transfer-change', (e) => statesA.push(e.state));
    p.b.addEventListener('p2p-transfer-change', (e) => statesB.push(e.state));
    let cut = 0;
    p.b.addEventListener('p2p-file-progress', (e) => {
      if (cut > 0 || e.transfer.bytes < 4 * MiB) return;
      cut = e.transfer.bytes;
      for (const c of peerB.connections[p!.idA] ?? []) if (c.label === 'p2p-file-drop') c.close();
    });
    const received = nextEvent<P2PFileReceivedEvent>(p.b, 'p2p-file-received');
    const [t] = await p.a.send(new File([bytes], 'resume.bin'));
    expect(cut, `the cut never happened: the transfer ended ${t.state} (${t.reason ?? ''}) at ${t.bytes} bytes`).to.be.greaterThan(0);
    expect(t.state).to.equal('done');
    expect((await received).sha256).to.equal(expected);
    expect(await sha256Hex((await received).file)).to.equal(expected);
    expect(statesA).to.include('paused');
    expect(statesB).to.include('paused');
    expect(statesB.filter((s) => s === 'transferring').length).to.equal(2);
  });

  it('tells the sender (cancelled) when the receiving element is removed mid-transfer', async function () {
    this.timeout(60_000);
    p = await pair('p2p-file-drop', { 'auto-accept': '' });
    const b = p.b;
    b.addEventListener('p2p-file-progress', (e) => { if (e.transfer.bytes > MiB && b.isConnected) b.remove(); });
    const [t] = await p.a.send(new File([noise(30 * MiB)], 'gone.bin'));
    expect(t.state).to.equal('cancelled');
    expect(t.bytes).to.be.lessThan(30 * MiB);
  });

  it('keeps transferring when the sending element is moved in the DOM', async function () {
    this.timeout(60_000);
    p = await pair('p2p-file-drop', { 'auto-accept': '' });
    const a = p.a;
    const box = document.createElement('section');
    p.peerA.append(box);
    let moved = false;
    a.addEventListener('p2p-file-progress', (e) => {
      if (moved || e.transfer.bytes < MiB) return;
      moved = true;
      box.append(a);
    });
    const received = nextEvent<P2PFileReceivedEvent>(p.b, 'p2p-file-received');
    const bytes = noise(4 * MiB);
    const [t] = await a.send(new File([bytes], 'moved.bin'));
    expect(moved).to.equal(true);
    expect(t.state).to.equal('done');
    expect((await received).sha256).to.equal(await sha256Hex(bytes));
  });

  it('declines offers over max-size or outside accept without asking, and renders hostile names as text', async () => {
    p = await pair('p2p-file-drop', { 'max-size': '1000', accept: '.txt' });
    let offers = 0;
    p.b.addEventListener('p2p-file-offer', () => offers++);
    // The sender itself has the same limits: drop them there so the receiver's own check is what's tested.
    p.a.removeAttribute('max-size');
    p.a.removeAttribute('accept');
    const [big, png] = await p.a.send([new File([noise(2000)], 'big.txt'), new File(['x'], 'x.png')]);
    expect(big.reason).to.equal('too-large');
    expect(png.reason).to.equal('type-not-accepted');
    expect(offers).to.equal(0);
    const evil = '<img src=x onerror="window.__pwned=1">\u202Egnp.txt';
    const offered = nextEvent<P2PFileOfferEvent>(p.b, 'p2p-file-offer');
    void p.a.send(new File(['hi'], evil));
    const ev = await offered;
    expect(ev.offer.name).to.equal('<img src=x onerror="window.__pwned=1">gnp.txt');
    await p.b.updateComplete;
    expect(shadow(p.b).querySelector('img')).to.equal(null);
    expect(shadow(p.b).querySelector('[part=offers]')!.textContent).to.contain('<img src=x');
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('leaves no listeners on its Peer after 30 connect/disconnect cycles', async () => {
    p = await pair('p2p-file-drop');
    const peer = p.peerA.peer as unknown as Peer;
    const before = peer.listenerCount('connection');
    const el = p.a;
    const parent = el.parentElement!;
    for (let i = 0; i < 30; i++) {
      el.remove();
      parent.append(el);
      await el.updateComplete;
    }
    expect(peer.listenerCount('connection')).to.equal(before);
    el.remove();
    expect(peer.listenerCount('connection')).to.equal(before - 1);
  });
});
