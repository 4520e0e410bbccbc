/** The template of `<p2p-room>`: tiles, status, live region, controls. */
import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { RoomParticipant } from '../../core/index.js';
import type { P2PRoomElement } from './p2p-room.js';

export function renderRoom(el: P2PRoomElement, announcement: string) {
  const s = el.i18n.value;
  const t = el.i18n.t.bind(el.i18n);
  const inRoom = el.state === 'joined' || el.state === 'reconnecting';
  const name = (p: RoomParticipant) => (p.self ? s.you : String(p.metadata.name ?? '') || p.id);
  const marks = (p: RoomParticipant) => [p.muted ? s.mutedMark : '', p.cameraOff ? s.cameraOffMark : '', p.link === 'reconnecting' ? s.reconnectingMark : '']
    .filter(Boolean).join(', ');
  return html`
    <div part="grid" role="list">
      ${repeat(el.participants, (p) => p.id, (p) => html`
        <div part="tile${p.self ? ' local-tile' : ''}" role="listitem" tabindex="0" data-id=${p.id}
          ?data-pinned=${el.pinned === p.id} ?data-muted=${p.muted} ?data-camera-off=${p.cameraOff} ?data-screen=${p.screenSharing}
          aria-label=${[name(p), marks(p)].filter(Boolean).join(', ')} aria-pressed=${el.pinned === p.id ? 'true' : 'false'}
          @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); el.pin(el.pinned === p.id ? undefined : p.id); } }}>
          <p2p-video .stream=${p.stream} ?muted=${p.self} ?mirrored=${p.self && !p.screenSharing} label=${name(p)}></p2p-video>
          <span part="name" aria-hidden="true">${name(p)}${p.muted ? ' 🔇' : nothing}${p.link === 'reconnecting' ? ' ⟳' : nothing}</span>
        </div>`)}
    </div>
    <p part="status" role="status">${t(el.state, { count: String(el.count) })}</p>
    <p class="visually-hidden" aria-live="polite">${announcement}</p>
    <div part="controls" role="toolbar" aria-label=${s.controls}>
      ${inRoom ? html`
        <button aria-pressed=${el.muted ? 'true' : 'false'} @click=${() => { el.muted = !el.muted; }}>${s.mute}</button>
        ${el.noVideo ? nothing : html`
          <button aria-pressed=${el.cameraOff ? 'true' : 'false'} @click=${() => { el.cameraOff = !el.cameraOff; }}>${s.camera}</button>
          <button aria-pressed=${el.screenSharing ? 'true' : 'false'}
            @click=${() => void (el.screenSharing ? el.stopScreenShare() : el.shareScreen()).catch(() => {})}>${s.screen}</button>`}
        <button class="danger" @click=${() => el.leave()}>${s.leave}</button>`
      : html`<button class="primary" ?disabled=${el.state === 'joining'} @click=${() => void el.join().catch(() => {})}>${s.join}</button>`}
    </div>`;
}
