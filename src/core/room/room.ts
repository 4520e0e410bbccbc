/**
 * `Room`: a small-group video room over a full P2P mesh, lit-free and DOM-free (it takes a Peer
 * and a MediaStream). Membership comes from our server (`P2PKIT-ROOM`: authoritative, immediate
 * leave, a cap); media flows over one link per pair ({@link RoomLinks}). Mute, camera off and screen
 * share swap or disable tracks that were set up once per link, and the shared state rides on the
 * member's room metadata, so the server pushes it to everyone.
 * A member whose server socket drops keeps its links: the server ends its membership at once, the
 * others hold its place for `graceMs` while the link lives, and its rejoin after the reconnect
 * (a new, higher seq) makes it the same participant again.
 */
import { isValidRoomName, type JsonObject, type RoomEvent, type RoomMember } from '../../protocol/index.js';
import { Emitter } from '../emitter.js';
import type { MediaConnection } from '../mediaconnection.js';
import type { Peer } from '../peer.js';
import { RoomLinks, isRoomCall } from './room-links.js';
import { RoomError, type MemberState, type RoomEvents, type RoomOptions, type RoomParticipant, type RoomState } from './room-types.js';

const DEFAULT_GRACE_MS = 8000;

function stateOf(metadata: JsonObject | undefined): { state: MemberState; metadata: JsonObject } {
  const { state, ...rest } = metadata ?? {};
  const s = (state ?? {}) as Record<string, unknown>;
  return { state: { muted: s.muted === true, cameraOff: s.cameraOff === true, screenSharing: s.screenSharing === true }, metadata: rest };
}

export class Room extends Emitter<RoomEvents> {
  state: RoomState = 'idle';
  /** Our join sequence number (0 before joining). */
  seq = 0;
  /** The member cap the server applied to our join. */
  max = 0;
  private readonly members = new Map<string, RoomParticipant>();
  private readonly grace = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly mine: MemberState = { muted: false, cameraOff: false, screenSharing: false };
  private readonly links: RoomLinks;
  private listening?: AbortController;
  private waiter?: { resolve(): void; reject(e: RoomError): void; promise: Promise<void> };
  private cameraTrack?: MediaStreamTrack;

  constructor(readonly peer: Peer, readonly name: string, private readonly opts: RoomOptions = {}) {
    super();
    this.links = new RoomLinks(peer, name, {
      stream: (id, stream) => this.patch(id, { stream }),
      state: (id, link) => this.patch(id, { link }),
      closed: (id) => this.linkClosed(id),
      wanted: (id) => this.members.has(id) && !this.grace.has(id) && this.live,
    }, () => this.opts.stream, opts.uplinkKbps);
  }

  /** Everyone, ourselves first, then by join order. */
  get participants(): RoomParticipant[] {
    const others = [...this.members.values()].sort((a, b) => a.seq - b.seq);
    return this.seq ? [this.selfParticipant(), ...others] : others;
  }

  /** Members, ourselves included. */
  get count(): number { return this.participants.length; }

  /** Joins; resolves once the server admitted us (links then connect by themselves). */
  join(): Promise<void> {
    if (this.waiter) return this.waiter.promise;
    if (this.state === 'joined') return Promise.resolve();
    if (!isValidRoomName(this.name)) return Promise.reject(this.fail('invalid-room', `Invalid room name "${this.name}"`));
    if (!this.peer.open) return Promise.reject(this.fail('not-connected', 'The peer is not connected to the server'));
    if (!this.peer.supportsRooms) return Promise.reject(this.fail('unsupported', 'This signalling server has no rooms (a stock PeerServer?)'));
    this.listen();
    let resolve!: () => void, reject!: (e: RoomError) => void;
    const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
    this.waiter = { resolve, reject, promise };
    this.setState('joining');
    this.sendJoin();
    return promise;
  }

  /** Leaves: tells the server, hangs up every link. */
  leave(): void {
    if (!this.live && this.state !== 'reconnecting') return;
    this.peer.sendRoom({ action: 'leave', room: this.name });
    this.teardown('left');
    this.settle(new RoomError('left', 'Left the room'));
  }

  /** Mutes/unmutes our microphone for everyone. */
  setMuted(muted: boolean): void {
    for (const t of this.opts.stream?.getAudioTracks() ?? []) t.enabled = !muted;
    this.share({ muted });
  }

  /** Turns our camera off (black frames) or on for everyone. */
  setCameraOff(cameraOff: boolean): void {
    for (const t of this.opts.stream?.getVideoTracks() ?? []) t.enabled = !cameraOff;
    this.share({ cameraOff });
  }

  /** Sends `track` (a screen or canvas capture) instead of the camera on every link. */
  async shareScreen(track: MediaStreamTrack): Promise<void> {
    this.cameraTrack ??= this.opts.stream?.getVideoTracks()[0];
    await this.links.replaceTrack('video', track);
    track.addEventListener('ended', () => { if (this.mine.screenSharing) void this.stopScreenShare(); }, { once: true });
    this.share({ screenSharing: true });
  }

  /** Back to the camera. */
  async stopScreenShare(): Promise<void> {
    await this.links.replaceTrack('video', this.cameraTrack ?? null);
    this.cameraTrack = undefined;
    this.share({ screenSharing: false });
  }

  /** The link to member `id` (e.g. for getStats), if any. */
  linkTo(id: string): MediaConnection | undefined { return this.links.get(id); }

  private get live(): boolean { return this.state === 'joining' || this.state === 'joined' || this.state === 'reconnecting'; }

  private listen(): void {
    if (this.listening) return;
    const { signal } = this.listening = new AbortController();
    const peer = this.peer;
    peer.addEventListener('room', (e) => { if (e.detail.room === this.name) this.onEvent(e.detail); }, { signal });
    peer.addEventListener('call', (e) => {
      const call = e.detail;
      if (!isRoomCall(call, this.name)) return;
      if (this.live) this.links.accept(call); else call.close();
    }, { signal });
    // After a socket reconnect the server has forgotten us: join again (links stay up meanwhile).
    peer.addEventListener('open', () => { if (this.state === 'reconnecting' || this.state === 'joined') this.sendJoin(); }, { signal });
    peer.addEventListener('disconnected', () => { if (this.state === 'joined') this.setState('reconnecting'); }, { signal });
  }

  private sendJoin(): void {
    this.peer.sendRoom({
      action: 'join', room: this.name, ...(this.opts.max ? { max: this.opts.max } : {}), metadata: this.metadata(),
    });
  }

  private metadata(): JsonObject {
    return { ...this.opts.metadata, state: { ...this.mine } };
  }

  private share(change: Partial<MemberState>): void {
    Object.assign(this.mine, change);
    if (this.state === 'joined') this.peer.sendRoom({ action: 'update', room: this.name, metadata: this.metadata() });
    if (this.seq) this.emit('change', this.selfParticipant());
  }

  private onEvent(ev: RoomEvent): void {
    switch (ev.event) {
      case 'joined': {
        this.seq = ev.seq;
        this.max = ev.max;
        const listed = new Set(ev.members.map((m) => m.id));
        for (const id of [...this.members.keys()]) if (!listed.has(id)) this.remove(id); // left while we were away
        for (const m of ev.members) this.upsert(m);
        for (const m of ev.members) if (!this.links.has(m.id)) this.links.dial(m.id); // we are the newest
        this.setState('joined');
        this.settle();
        return;
      }
      case 'join': case 'update':
        this.upsert(ev.member);
        return;
      case 'leave': {
        const p = this.members.get(ev.id);
        if (!p) return;
        // Gone with a live link may mean only its socket dropped: hold the place until it rejoins or the link ends.
        if (ev.reason !== 'left' && p.link === 'connected' && !this.grace.has(ev.id)) {
          this.grace.set(ev.id, setTimeout(() => this.remove(ev.id), this.opts.graceMs ?? DEFAULT_GRACE_MS));
        } else this.remove(ev.id);
        return;
      }
      case 'left':
        return;
      case 'error': {
        const err = new RoomError(ev.code, ev.msg);
        if (this.state !== 'joining') { this.emit('error', err); return; }
        this.teardown(ev.code === 'full' ? 'full' : 'failed');
        this.emit('error', err);
        this.settle(err);
      }
    }
  }

  private upsert(m: RoomMember): void {
    if (m.id === this.peer.id) return;
    const { state, metadata } = stateOf(m.metadata);
    const timer = this.grace.get(m.id);
    if (timer) { clearTimeout(timer); this.grace.delete(m.id); }
    const known = this.members.get(m.id);
    const next: RoomParticipant = { ...(known ?? { id: m.id, self: false, link: 'connecting', stream: null }), seq: m.seq, ...state, metadata };
    this.members.set(m.id, next);
    this.emit(known ? 'change' : 'join', next);
  }

  private patch(id: string, change: Partial<RoomParticipant>): void {
    let p = this.members.get(id);
    if (!p) {
      // Its call came before the server's join push (they travel apart): it is a member all the same.
      this.upsert({ id, seq: Number.MAX_SAFE_INTEGER });
      p = this.members.get(id)!;
    }
    Object.assign(p, change);
    this.emit('change', p);
  }

  private linkClosed(id: string): void {
    if (this.grace.has(id)) { this.remove(id); return; }
    if (this.members.has(id)) this.patch(id, { link: 'reconnecting', stream: null }); // the newer side redials
  }

  private remove(id: string): void {
    const p = this.members.get(id);
    const timer = this.grace.get(id);
    if (timer) { clearTimeout(timer); this.grace.delete(id); }
    if (!p) return;
    this.members.delete(id);
    this.links.drop(id);
    this.emit('leave', p);
  }

  private teardown(state: RoomState): void {
    this.listening?.abort();
    this.listening = undefined;
    for (const t of this.grace.values()) clearTimeout(t);
    this.grace.clear();
    this.links.close();
    const gone = [...this.members.values()];
    this.members.clear();
    this.seq = 0;
    this.setState(state);
    for (const p of gone) this.emit('leave', p);
  }

  private settle(err?: RoomError): void {
    const w = this.waiter;
    this.waiter = undefined;
    if (err) w?.reject(err); else w?.resolve();
  }

  private fail(code: RoomError['code'], msg: string): RoomError {
    const err = new RoomError(code, msg);
    this.emit('error', err);
    return err;
  }

  private selfParticipant(): RoomParticipant {
    return { id: this.peer.id ?? '', seq: this.seq, self: true, link: 'connected', stream: this.opts.stream ?? null, metadata: { ...this.opts.metadata }, ...this.mine };
  }

  private setState(next: RoomState): void {
    if (next === this.state) return;
    const previous = this.state;
    this.state = next;
    this.emit('state', next, previous);
  }
}
