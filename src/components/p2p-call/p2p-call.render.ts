/** The template of `<p2p-call>`, kept apart from its behaviour. */
import { html, nothing } from 'lit';
import { TaskStatus, type Task } from '@lit/task';
import type { EndReason, MediaErrorCode } from './call-state.js';
import type { P2PCallElement } from './p2p-call.js';
import type { CallStrings } from './p2p-call.strings.js';

/**
 * Whether this browser can ask for a screen: mobile Safari (and other mobile browsers) have no
 * `getDisplayMedia`, so no button that can only fail; `shareScreen(stream)` with a stream still works.
 */
const canShareScreen = (): boolean => typeof navigator.mediaDevices?.getDisplayMedia === 'function';

/** Renders videos, status line, controls and pickers for `el`'s current state. */
export function renderCall(el: P2PCallElement, media: Task<readonly [boolean, string | undefined, string | undefined], MediaStream>) {
  const s = el.i18n.value;
  const t = el.i18n.t.bind(el.i18n);
  const id = el.connection?.peer ?? el.remote ?? '';
  // `remote-name` names `remote` only: a call from someone else (no `remote` set) shows that caller's id.
  const remote = el.remoteName && id === el.remote ? el.remoteName : id;
  const inCall = el.state === 'connecting' || el.state === 'active';
  // A call that failed on camera/mic says what to fix, not just "device problem".
  const reason = el.state === 'failed' && el.mediaFailure ? s[MEDIA_REASONS[el.mediaFailure]]
    : el.endReason ? t(reasonKey(el.endReason), { remote }) : '';
  const status = el.state === 'ended' || el.state === 'failed' ? t(el.state, { reason }) : t(el.state, { remote });
  return html`
    <div class="stage">
      <p2p-video part="remote-video" class="remote" .stream=${el.remoteStream}
        label=${t('remoteVideo', { remote })}></p2p-video>
      <p2p-video part="local-video" class="local" .stream=${el.localStream} muted mirrored=${el.screenSharing ? nothing : ''}
        ?hidden=${!el.localStream} label=${s.localVideo}></p2p-video>
    </div>
    <p part="status" class="status" role="status">${status}${media.status === TaskStatus.PENDING ? html` · ${s.starting}` : nothing}</p>
    ${el.showCode && el.verificationCode ? html`<p part="code" class="code" title=${t('codeHelp', { remote })}>
      ${t('code', { code: el.verificationCode.replace(/(\d{3})(\d{3})/, '$1 $2') })}</p>` : nothing}
    <div part="controls" class="controls" role="toolbar" aria-label=${s.controls}>
      ${el.state === 'idle' || el.state === 'ended' || el.state === 'failed' ? html`
        <button type="button" class="primary" ?disabled=${!el.remote} @click=${() => el.start().catch(() => {})}>
          ${t('call', { remote: el.remoteName || el.remote || '' })}</button>` : nothing}
      ${el.state === 'calling' ? html`
        <button type="button" class="danger" @click=${() => el.hangUp()}>${s.cancel}</button>` : nothing}
      ${el.state === 'ringing' ? html`
        <button type="button" class="primary" @click=${() => el.answer().catch(() => {})}>${s.accept}</button>
        <button type="button" class="danger" @click=${() => el.decline()}>${s.decline}</button>` : nothing}
      ${inCall ? html`
        <button type="button" aria-pressed=${el.muted ? 'true' : 'false'} @click=${() => { el.muted = !el.muted; }}>
          ${el.muted ? s.unmute : s.mute}</button>
        ${el.noVideo ? nothing : html`
          <button type="button" aria-pressed=${el.cameraOff ? 'true' : 'false'} @click=${() => { el.cameraOff = !el.cameraOff; }}>
            ${el.cameraOff ? s.cameraOn : s.cameraOff}</button>
          ${canShareScreen() || el.screenSharing ? html`<button type="button" aria-pressed=${el.screenSharing ? 'true' : 'false'}
            @click=${() => (el.screenSharing ? el.stopScreenShare() : el.shareScreen()).catch(() => {})}>
            ${el.screenSharing ? s.stopSharing : s.shareScreen}</button>` : nothing}`}
        <button type="button" class="danger" @click=${() => el.hangUp()}>${s.hangUp}</button>
        ${renderPicker(el, 'audioinput', s.microphone, el.microphone)}
        ${el.noVideo ? nothing : renderPicker(el, 'videoinput', s.camera, el.camera)}` : nothing}
    </div>`;
}

/** The status text for each camera/mic failure code. */
const MEDIA_REASONS = {
  'permission-denied': 'reasonPermissionDenied', 'device-not-found': 'reasonDeviceNotFound',
  'device-in-use': 'reasonDeviceInUse', 'media-error': 'reasonMediaError',
} as const satisfies Record<MediaErrorCode, keyof CallStrings>;

/** `remote-hangup` → `reasonRemoteHangup`. */
const reasonKey = (r: EndReason) => `reason${r.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}` as keyof CallStrings & string;

function renderPicker(el: P2PCallElement, kind: MediaDeviceKind, label: string, current?: string) {
  const devices = el.devices.filter((d) => d.kind === kind);
  if (devices.length < 2) return nothing;
  const active = current ?? el.localStream?.getTracks().find((tr) => tr.kind === (kind === 'audioinput' ? 'audio' : 'video'))
    ?.getSettings().deviceId;
  return html`<label class="picker">${label}
    <select @change=${(e: Event) => el.setDevice(kind === 'audioinput' ? 'audio' : 'video', (e.target as HTMLSelectElement).value).catch(() => {})}>
      ${devices.map((d, i) => html`<option value=${d.deviceId} ?selected=${d.deviceId === active}>${d.label || `${label} ${i + 1}`}</option>`)}
    </select></label>`;
}
