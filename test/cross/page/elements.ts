/**
 * Element steps of the cross-engine page: one `<p2p-peer>` holding a `<p2p-call>`, `<p2p-chat>` and
 * `<p2p-file-drop>` pointed at the other engine's page, and what a user on the other side would
 * notice, measured from the media itself (audio level, picture brightness and size), not from flags.
 */
import '../../../src/index.ts';
import type { P2PCallElement, P2PChatElement, P2PFileDropElement, P2PPeerElement } from '../../../src/index.ts';

let root: P2PPeerElement | undefined;
const call = (): P2PCallElement => root!.querySelector('p2p-call')!;
const chat = (): P2PChatElement => root!.querySelector('p2p-chat')!;
const drop = (): P2PFileDropElement => root!.querySelector('p2p-file-drop')!;

/** Polls `read` every 100 ms until `ok` holds (at most `ms`); resolves with the last value. */
async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, what: string, ms = 20000): Promise<T> {
  const t0 = performance.now();
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (performance.now() - t0 > ms) throw new Error(`${what}: still ${JSON.stringify(v)} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The `<video>` inside the call's remote `<p2p-video>`. */
const remoteVideo = (): HTMLVideoElement =>
  (call().shadowRoot!.querySelector('[part=remote-video]') as unknown as { videoElement: HTMLVideoElement }).videoElement;

/** Mean brightness (0–255) of the remote picture. */
function brightness(): number {
  const v = remoteVideo();
  const c = document.createElement('canvas');
  c.width = 32; c.height = 32;
  const g = c.getContext('2d', { willReadFrequently: true })!;
  g.drawImage(v, 0, 0, 32, 32);
  const px = g.getImageData(0, 0, 32, 32).data;
  let sum = 0;
  for (let i = 0; i < px.length; i += 4) sum += (px[i]! + px[i + 1]! + px[i + 2]!) / 3;
  return sum / (px.length / 4);
}

/** The remote audio level the receiver's RTCPeerConnection reports (inbound-rtp, 0–1). */
async function audioLevel(): Promise<number> {
  const stats = await call().connection!.peerConnection!.getStats();
  let level = 0;
  stats.forEach((s: { type: string; kind?: string; audioLevel?: number }) => { if (s.type === 'inbound-rtp' && s.kind === 'audio') level = s.audioLevel ?? 0; });
  return level;
}

async function sha256Hex(blob: Blob): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

let shared: HTMLCanvasElement | undefined;

export const elementSteps = {
  /** Mounts the elements as `id`, pointed at `remote`; resolves once the peer is open. Calls are answered. */
  async mount(id: string, remote: string): Promise<void> {
    root = document.createElement('p2p-peer');
    root.server = location.origin;
    root.peerId = id;
    root.config = { iceServers: [] };
    root.innerHTML = `<p2p-call remote="${remote}"></p2p-call><p2p-chat remote="${remote}"></p2p-chat><p2p-file-drop remote="${remote}" auto-accept></p2p-file-drop>`;
    call().addEventListener('p2p-incoming-call', (e) => (e as Event & { answer(): void }).answer());
    const opened = new Promise((resolve) => root!.addEventListener('p2p-open', resolve, { once: true }));
    document.body.append(root);
    await opened;
  },
  startCall: (): Promise<void> => call().start(),
  /** Resolves once the call is active and the remote video plays with a picture; returns its size. */
  async remoteVideoPlays(): Promise<{ width: number; height: number }> {
    await until(() => call().state, (s) => s === 'active', 'call state');
    await until(() => [remoteVideo().videoWidth, remoteVideo().currentTime], ([w, t]) => w! > 0 && t! > 0.2, 'remote video');
    await until(brightness, (b) => b > 10, 'remote picture brightness');
    return { width: remoteVideo().videoWidth, height: remoteVideo().videoHeight };
  },
  setMuted(on: boolean): void { call().muted = on; },
  setCameraOff(on: boolean): void { call().cameraOff = on; },
  /** Waits until the remote sound is present (`true`) or silent (`false`). */
  remoteSound: (present: boolean): Promise<number> => until(audioLevel, (l) => (present ? l > 0.01 : l < 0.001), `remote audio level (want ${present ? 'sound' : 'silence'})`),
  /** Waits until the remote picture is bright (`true`) or black (`false`). */
  remotePicture: (present: boolean): Promise<number> => until(brightness, (b) => (present ? b > 10 : b < 3), `remote brightness (want ${present ? 'picture' : 'black'})`),
  /** Shares an animated 320×180 canvas instead of the camera. */
  async shareCanvas(): Promise<void> {
    shared = document.createElement('canvas');
    shared.width = 320; shared.height = 180;
    const g = shared.getContext('2d')!;
    let n = 0;
    const paint = (): void => { if (!shared) return; g.fillStyle = `rgb(255,${n++ % 64},0)`; g.fillRect(0, 0, 320, 180); requestAnimationFrame(paint); };
    paint();
    await call().shareScreen(shared.captureStream(15));
  },
  /** Waits until the remote video has `width` (the shared canvas's, or the camera's again). */
  remoteWidth: (width: number): Promise<number> => until(() => remoteVideo().videoWidth, (w) => w === width, 'remote video width'),
  async stopSharing(): Promise<void> { await call().stopScreenShare(); shared = undefined; },
  hangUpCall(): void { call().hangUp(); },
  /** Waits until the call ended; resolves with its end reason. */
  callEnd: async (): Promise<string> => { await until(() => call().state, (s) => s === 'ended' || s === 'failed', 'call end'); return call().endReason ?? ''; },
  /** Opens the chat, types into its field (the remote sees typing), sends `text`; resolves with its receipts once read. */
  async typeAndSend(text: string): Promise<string[]> {
    // A first message opens the chat on both sides (its delivered receipt says the remote listens).
    const statuses: string[] = [];
    chat().addEventListener('p2p-message-status', (e) => statuses.push((e as Event & { status: string }).status));
    await chat().send('warm up');
    await until(() => statuses, (s) => s.includes('delivered'), 'warm-up receipt');
    statuses.length = 0;
    const field = chat().shadowRoot!.querySelector('textarea')!;
    field.value = text.slice(0, 3);
    field.dispatchEvent(new Event('input'));
    await chat().send(text);
    await until(() => statuses, (s) => s.includes('read'), 'receipts');
    return statuses;
  },
  /** Waits until the remote is typing, then for its message; resolves with the message text. */
  async seeTypingThenMessage(): Promise<{ typing: boolean; text: string }> {
    chat().scrollIntoView(); // read receipts go out for what is on screen
    // The event, not the attribute: the message right after the typing clears it within milliseconds.
    let typing = false;
    chat().addEventListener('p2p-typing', (e) => { if ((e as Event & { typing: boolean }).typing) typing = true; });
    await until(() => typing, (t) => t, 'remote typing');
    const msg = await until(() => chat().messages.find((m) => m.direction === 'in' && m.text !== 'warm up'), (m) => !!m, 'incoming message');
    return { typing: true, text: msg!.text };
  },
  /** Sends `mib` MiB of pseudo-random bytes as a file; resolves with their SHA-256 and the transfer's state. */
  async sendFile(mib: number): Promise<{ sha256: string; state: string }> {
    const bytes = new Uint8Array(mib * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
    const file = new File([bytes], 'cross.bin');
    const [t] = await drop().send(file);
    return { sha256: await sha256Hex(file), state: t!.state };
  },
  /** Resolves with the next received file's size, the element's SHA-256 and one computed here from the file. */
  receiveFile: (): Promise<{ size: number; sha256: string; recomputed: string }> => new Promise((resolve) => {
    drop().addEventListener('p2p-file-received', (e) => {
      const { file, sha256 } = e as Event & { file: File; sha256: string };
      void sha256Hex(file).then((recomputed) => resolve({ size: file.size, sha256, recomputed }));
    }, { once: true });
  }),
  unmount(): void { root?.remove(); root = undefined; shared = undefined; },
};
