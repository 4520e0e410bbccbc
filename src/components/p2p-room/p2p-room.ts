import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { P2PError, P2PErrorEvent, P2PStateChangeEvent, PeerController, StringsController, fire, type CorePeer, type P2PErrorCode, type PeerSource } from '../shared/index.js';
import type { Peer } from '../../core/peer.js';
import type { Room } from '../../core/room/room.js';
import { RoomError, type RoomParticipant, type RoomState } from '../../core/room/room-types.js';
import { P2PParticipantEvent } from './p2p-room.events.js';
import { renderRoom } from './p2p-room.render.js';
import { roomStrings, type RoomStrings } from './p2p-room.strings.js';
import { styles } from './p2p-room.styles.js';
import { RoomAnnouncer } from './room-announcer.js';

const ERROR_CODES: Partial<Record<RoomError['code'], P2PErrorCode>> = { full: 'room-full', unsupported: 'rooms-unsupported', 'not-connected': 'not-connected' };

/**
 * A small-group video room over a full P2P mesh, inside a `<p2p-peer>` (needs our signalling
 * server: a stock PeerServer has no rooms). A grid of `<p2p-video>` tiles, one per participant,
 * plus mute / camera / screen share / leave. The mesh lives in the core `Room`; this renders it.
 *
 * @tagname p2p-room
 * @summary Mesh video room for up to six, with its controls.
 * @fires {P2PStateChangeEvent} p2p-state-change - `state` changed (`idle|joining|joined|full|reconnecting|left|failed`).
 * @fires {P2PParticipantEvent} p2p-participant-join - Someone joined (`participant`).
 * @fires {P2PParticipantEvent} p2p-participant-leave - Someone left.
 * @fires {P2PParticipantEvent} p2p-participant-change - Someone's mute, camera, screen, link or stream changed.
 * @fires {P2PErrorEvent} p2p-error - `room-full`, `rooms-unsupported`, `room-error`, `not-connected`, `no-peer`, media codes.
 * @csspart grid - The tile grid.
 * @csspart tile - One participant (`local-tile` too for yourself); `data-muted`, `data-camera-off`, `data-screen`, `data-pinned`.
 * @csspart name - The name on a tile.
 * @csspart status - The status line.
 * @csspart controls - The button bar.
 * @cssprop --p2p-room-tile-min-width - Narrowest tile before the grid wraps (default 14em).
 */
export class P2PRoomElement extends LitElement {
  static override styles = styles;

  /** Room name (letters, digits, `_ . -`; up to 64). */
  @property({ reflect: true }) room = '';
  /** Join only while the room has fewer members than this (at most the server's cap, 6 by default). */
  @property({ type: Number }) max?: number;
  /** Your name on the others' tiles. */
  @property() name = '';
  /** Microphone only. */
  @property({ type: Boolean, attribute: 'no-video' }) noVideo = false;
  @property({ attribute: false }) peer?: CorePeer | PeerSource;
  @property({ attribute: 'peer' }) peerRef?: string;
  /** Reflected: `idle|joining|joined|full|reconnecting|left|failed`; written by the element. */
  @property({ reflect: true }) state: RoomState = 'idle';
  /** Reflected: members, you included. */
  @property({ type: Number, reflect: true }) count = 0;
  @property({ type: Boolean, reflect: true }) muted = false;
  @property({ type: Boolean, reflect: true, attribute: 'camera-off' }) cameraOff = false;
  @property({ type: Boolean, reflect: true, attribute: 'screen-sharing' }) screenSharing = false;
  @property({ attribute: false }) strings?: Partial<RoomStrings>;
  /** Everyone in the room (you first), as the core `Room` sees them. */
  @state() participants: RoomParticipant[] = [];
  /** @internal The pinned tile's id. */
  @state() pinned?: string;
  @state() private announcement = '';

  /** @internal */ readonly i18n = new StringsController<RoomStrings>(this, roomStrings);
  private readonly peers = new PeerController(this, {});
  private core?: Room;
  private stream?: MediaStream;
  private readonly announcer = new RoomAnnouncer((joined, left) => { this.announcement = this.summary(joined, left); });

  /** Gets camera/mic and joins `room`; resolves once admitted. Rejects with a `P2PError` (`room-full`, ...). */
  async join(): Promise<void> {
    const peer = this.peers.peer as unknown as Peer | undefined;
    if (!peer) throw this.error('no-peer', 'No peer: put the element in a <p2p-peer> or set peer');
    if (this.core) return this.core.join().catch((e: unknown) => { throw this.fromRoom(e); });
    // The mesh is a chunk of its own (not in the first load of the page), fetched while the camera starts.
    const mesh = import('../../core/room/room.js');
    mesh.catch(() => undefined);
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: !this.noVideo });
    } catch (err) {
      throw this.error('permission-denied', (err as Error).message || 'No camera/microphone', err);
    }
    let Mesh: typeof Room;
    try {
      Mesh = (await mesh).Room;
    } catch (err) {
      for (const t of this.stream.getTracks()) t.stop();
      this.stream = undefined;
      throw this.error('room-error', 'Could not load the room code', err);
    }
    const room = this.core = new Mesh(peer, this.room, { stream: this.stream, ...(this.max ? { max: this.max } : {}), ...(this.name ? { metadata: { name: this.name } } : {}) });
    const sync = () => { this.participants = room.participants; this.count = room.participants.length; };
    room.on('state', (s, prev) => { this.state = s; sync(); fire(this, new P2PStateChangeEvent<RoomState>(s, prev)); if (s !== 'joining' && s !== 'joined' && s !== 'reconnecting') this.release(room); });
    room.on('join', (p) => { sync(); this.announcer.join(this.nameOf(p)); fire(this, new P2PParticipantEvent(P2PParticipantEvent.join, p)); });
    room.on('leave', (p) => { sync(); if (this.pinned === p.id) this.pinned = undefined; this.announcer.leave(this.nameOf(p)); fire(this, new P2PParticipantEvent(P2PParticipantEvent.leave, p)); });
    room.on('change', (p) => { sync(); if (p.self) this.screenSharing = p.screenSharing; fire(this, new P2PParticipantEvent(P2PParticipantEvent.change, p)); });
    room.setMuted(this.muted);
    room.setCameraOff(this.cameraOff);
    await room.join().catch((e: unknown) => { throw this.fromRoom(e); });
  }

  /** Leaves the room (camera and microphone stop). */
  leave(): void { this.core?.leave(); }

  /** Shares the screen (or `stream`'s video) instead of the camera. */
  async shareScreen(stream?: MediaStream): Promise<void> {
    if (!this.core || this.state !== 'joined') throw new P2PError('not-connected', 'Screen sharing needs a joined room');
    const s = stream ?? await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const track = s.getVideoTracks()[0];
    if (!track) throw new P2PError('media-error', 'The shared stream has no video');
    await this.core.shareScreen(track);
  }

  async stopScreenShare(): Promise<void> { await this.core?.stopScreenShare(); }

  /** Shows `id`'s tile large (undefined: nobody). Pins are local. */
  pin(id?: string): void { this.pinned = id; }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('muted')) this.core?.setMuted(this.muted);
    if (changed.has('cameraOff')) this.core?.setCameraOff(this.cameraOff);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    queueMicrotask(() => { if (!this.isConnected) this.leave(); }); // a DOM move is not a leave
  }

  protected override render() { return renderRoom(this, this.announcement); }

  private release(room: Room): void {
    if (this.core !== room) return;
    this.core = undefined;
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = undefined;
    this.announcer.stop();
    this.screenSharing = false;
    this.participants = [];
    this.count = 0;
  }

  private nameOf(p: RoomParticipant): string { return String(p.metadata.name ?? '') || p.id; }

  private summary(joined: string[], left: string[]): string {
    const t = this.i18n.t.bind(this.i18n);
    const part = (names: string[], one: string, many: string) =>
      names.length === 0 ? '' : names.length === 1 ? t(one, { name: names[0]! }) : t(many, { count: String(names.length) });
    return [part(joined, 'joinedOne', 'joinedMany'), part(left, 'leftOne', 'leftMany')].filter(Boolean).join('. ');
  }

  private fromRoom(e: unknown): P2PError {
    if (!(e instanceof RoomError)) return e as P2PError;
    return this.error(ERROR_CODES[e.code] ?? 'room-error', e.message, e);
  }

  private error(code: P2PErrorCode, message: string, cause?: unknown): P2PError {
    fire(this, new P2PErrorEvent(code, message, cause));
    return new P2PError(code, message, { cause });
  }
}

declare global {
  interface HTMLElementTagNameMap { 'p2p-room': P2PRoomElement }
}
