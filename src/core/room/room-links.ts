/**
 * The links of a room mesh: one MediaConnection (one RTCPeerConnection: audio, video and its data
 * channel) per other member. The newer member (higher join seq) dials, so a pair never dials
 * twice; a dialled link that closes while both are still members is redialled by the dialler.
 */
import type { MediaConnection } from '../mediaconnection.js';
import type { Peer } from '../peer.js';
import { applyUplink } from './uplink.js';

/** Call metadata marking a room link (so `<p2p-call>` and apps leave it alone). */
export const ROOM_CALL_KIT = 'p2p-room';
export const isRoomCall = (call: { metadata?: unknown }, room?: string): boolean => {
  const m = call.metadata as { kit?: unknown; room?: unknown } | null | undefined;
  return m?.kit === ROOM_CALL_KIT && (room === undefined || m.room === room);
};

export interface LinkHooks {
  stream(id: string, stream: MediaStream): void;
  state(id: string, link: 'connecting' | 'connected' | 'reconnecting'): void;
  /** The link closed for good (not redialled). */
  closed(id: string): void;
  /** Still a member we should be linked to? */
  wanted(id: string): boolean;
}

const REDIAL_MS = 1000;
const MAX_REDIALS = 5;

export class RoomLinks {
  private readonly links = new Map<string, MediaConnection>();
  private readonly redials = new Map<string, number>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly peer: Peer, private readonly room: string, private readonly hooks: LinkHooks,
    private readonly stream: () => MediaStream | undefined, private readonly uplinkKbps?: number) {}

  /** Splits the uplink budget across the open links again (after a link opened or closed). */
  rebalance(): void {
    const open = this.all().filter((c) => c.open);
    for (const c of open) void applyUplink(c.peerConnection, open.length, this.uplinkKbps);
  }

  has(id: string): boolean { return this.links.has(id); }
  get(id: string): MediaConnection | undefined { return this.links.get(id); }
  all(): MediaConnection[] { return [...this.links.values()]; }

  /** We are the newer member: call `id`. */
  dial(id: string): void {
    if (this.links.has(id)) return;
    this.bind(id, this.peer.call(id, this.stream(), { metadata: { kit: ROOM_CALL_KIT, room: this.room } }), true);
  }

  /** A newer member called us: answer with our media. */
  accept(call: MediaConnection): void {
    this.links.get(call.peer)?.close(); // a redial replaces a link that died on our side unseen
    this.bind(call.peer, call, false);
    call.answer(this.stream());
  }

  /** Ends the link to `id` (it left). */
  drop(id: string): void {
    const call = this.links.get(id);
    this.links.delete(id);
    call?.close();
    this.rebalance();
  }

  /** Swaps the track of `kind` on every link (no renegotiation: the sender exists since setup). */
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    await Promise.all(this.all().map((c) => c.replaceTrack(kind, track).catch(() => {})));
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const id of [...this.links.keys()]) this.drop(id);
  }

  private bind(id: string, call: MediaConnection, dialled: boolean): void {
    this.links.set(id, call);
    this.hooks.state(id, 'connecting');
    call.on('stream', (s) => { if (this.links.get(id) === call) this.hooks.stream(id, s); });
    call.on('open', () => {
      if (this.links.get(id) !== call) return;
      this.redials.delete(id);
      this.hooks.state(id, 'connected');
      this.rebalance();
    });
    // ICE `disconnected` heals by itself or through the core's ICE restart; say so meanwhile.
    call.on('iceStateChanged', (s) => {
      if (this.links.get(id) !== call) return;
      if (s === 'disconnected' || s === 'failed') this.hooks.state(id, 'reconnecting');
      else if (s === 'connected' || s === 'completed') this.hooks.state(id, 'connected');
    });
    call.on('error', () => {});
    call.on('close', () => {
      if (this.links.get(id) !== call) return;
      this.links.delete(id);
      this.rebalance();
      const tries = this.redials.get(id) ?? 0;
      if (dialled && this.hooks.wanted(id) && tries < MAX_REDIALS) {
        this.redials.set(id, tries + 1);
        this.hooks.state(id, 'reconnecting');
        const t = setTimeout(() => { this.timers.delete(t); if (this.hooks.wanted(id)) this.dial(id); else this.hooks.closed(id); }, REDIAL_MS);
        this.timers.add(t);
        return;
      }
      this.hooks.closed(id);
    });
  }
}
