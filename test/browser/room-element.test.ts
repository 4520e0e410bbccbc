// <p2p-room> in real Chromium against our server: three rooms in <p2p-peer>s see each other's
// tiles with video, a mute pressed in one shows on the others' tiles, a coalesced announcement,
// Enter pins a tile, a fourth over `max` is `full` with a typed p2p-error, German strings, leave.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/p2p-peer.js';
import '../../src/define/p2p-room.js';
import type { P2PPeerElement } from '../../src/components/p2p-peer/p2p-peer.js';
import type { P2PRoomElement } from '../../src/components/p2p-room/p2p-room.js';
import type { P2PErrorEvent } from '../../src/components/shared/events.js';
import { nextEvent, opened, serverUrl, uniqueId } from './el-peer-helpers.js';

/** Resolves once `cond()` holds, re-checked after every room event of `els`; rejects after `ms`. */
function until(els: P2PRoomElement[], cond: () => boolean, what: string, ms = 30000): Promise<void> {
  return new Promise((resolve, reject) => {
    const ac = new AbortController();
    const check = async () => {
      await Promise.all(els.map((e) => e.updateComplete));
      if (cond()) { ac.abort(); clearTimeout(t); resolve(); }
    };
    const t = setTimeout(() => { ac.abort(); reject(new Error(`timeout: ${what}`)); }, ms);
    for (const el of els) for (const type of ['p2p-participant-join', 'p2p-participant-leave', 'p2p-participant-change', 'p2p-state-change']) {
      el.addEventListener(type, () => void check(), { signal: ac.signal });
    }
    void check();
  });
}

const tiles = (el: P2PRoomElement) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="tile"]')];
const tileOf = (el: P2PRoomElement, id: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="tile"][data-id="${id}"]`);

describe('<p2p-room>', function () {
  this.timeout(90000);
  const room = uniqueId('elroom');
  const hosts: P2PPeerElement[] = [];
  after(() => { for (const h of hosts) h.remove(); });

  async function member(name: string, attrs: { max?: number; lang?: string } = {}): Promise<P2PRoomElement> {
    const host = await fixture<P2PPeerElement>(html`<p2p-peer server=${serverUrl()} peer-id=${uniqueId('rm')} lang=${attrs.lang ?? 'en'}>
      <p2p-room room=${room} name=${name} max=${attrs.max ?? 6}></p2p-room></p2p-peer>`);
    hosts.push(host);
    await opened(host);
    return host.querySelector('p2p-room')!;
  }

  it('three members see three tiles with video, shared mute, a coalesced announcement, keyboard pinning, leave', async () => {
    const els = [await member('Ana'), await member('Bo'), await member('Cy', { lang: 'de' })];
    await Promise.all(els.map((el) => el.join()));
    await until(els, () => els.every((el) => el.count === 3 && el.participants.every((p) => p.stream && p.link === 'connected')), 'all linked');
    for (const el of els) {
      expect(el.getAttribute('state')).to.equal('joined');
      expect(el.getAttribute('count')).to.equal('3');
      expect(tiles(el)).to.have.length(3);
      await until([el], () => tiles(el).every((t) => t.querySelector('p2p-video')!.hasAttribute('has-stream')), 'videos have streams');
    }
    const [ana, bo, cy] = els as [P2PRoomElement, P2PRoomElement, P2PRoomElement];
    const anaId = ana.participants[0]!.id;
    expect(tileOf(bo, anaId)!.textContent).to.contain('Ana');
    expect(cy.shadowRoot!.querySelector('[part="status"]')!.textContent).to.equal('3 im Raum');

    const muteButton = [...ana.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Mute')!;
    muteButton.click();
    await until(els, () => ana.hasAttribute('muted') && [bo, cy].every((el) => tileOf(el, anaId)?.hasAttribute('data-muted')), 'Ana muted on every tile');
    expect(muteButton.getAttribute('aria-pressed')).to.equal('true');
    expect(tileOf(bo, anaId)!.getAttribute('aria-label')).to.equal('Ana, muted');

    // Joins are announced politely (coalescing itself is unit-tested in test/node/room-announcer.test.ts).
    const live = () => ana.shadowRoot!.querySelector('[aria-live]')!.textContent!;
    // The live region changes on a timer, not on a room event: poll it (bounded).
    for (let i = 0; i < 50 && live() !== 'Cy joined' && live() !== '2 people joined'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(['Cy joined', '2 people joined']).to.include(live());

    const tile = tileOf(ana, bo.participants[0]!.id)!;
    tile.focus();
    tile.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    await ana.updateComplete;
    expect(tileOf(ana, bo.participants[0]!.id)!.getAttribute('aria-pressed')).to.equal('true');

    const full = await member('Dee', { max: 3 });
    const error = nextEvent<P2PErrorEvent>(full, 'p2p-error');
    let thrown: unknown;
    await full.join().catch((e: unknown) => { thrown = e; });
    expect((await error).code).to.equal('room-full');
    expect((thrown as { code: string }).code).to.equal('room-full');
    await full.updateComplete;
    expect(full.getAttribute('state')).to.equal('full');

    const leave = [...cy.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Verlassen')!;
    const at = Date.now();
    leave.click();
    await until([ana, bo], () => ana.count === 2 && bo.count === 2, 'Cy gone', 10000); // see room-core: loose bound for load
    expect(Date.now() - at).to.be.below(10000);
    expect(cy.getAttribute('state')).to.equal('left');
    expect(tiles(cy)).to.have.length(0);
  });
});
