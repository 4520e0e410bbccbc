/**
 * Room steps of the cross-engine page: this page holds one or more room members, each with its own
 * Peer and fake camera + microphone, so a Chromium page with two members and a Firefox page with
 * one make a mixed mesh of three.
 */
import { Peer } from '../../../src/core/peer.ts';
import { Room } from '../../../src/core/room/room.ts';
import { playing } from './main.ts';

interface Member { peer: Peer; room: Room; stream: MediaStream }
const members: Member[] = [];

/** Resolves once `check()` holds (checked on every room event of every member here), or rejects after `ms`. */
function until(check: () => boolean, what: string, ms = 30000): Promise<void> {
  return new Promise((resolve, reject) => {
    const ac = new AbortController();
    const t = setTimeout(() => { ac.abort(); reject(new Error(`timeout: ${what}`)); }, ms);
    const test = () => { if (check()) { clearTimeout(t); ac.abort(); resolve(); } };
    for (const m of members) for (const type of ['join', 'leave', 'change', 'state'] as const) m.room.addEventListener(type, test, { signal: ac.signal });
    test();
  });
}

export const roomSteps = {
  /** Opens one member per id and joins `name` with each; resolves once all are admitted. */
  async roomJoin(name: string, ids: string[]): Promise<void> {
    for (const id of ids) {
      const peer = new Peer(id, { host: location.hostname, port: Number(location.port), path: '/', key: 'peerjs', secure: false, config: { iceServers: [] } });
      await new Promise<void>((resolve, reject) => { peer.once('open', () => resolve()); peer.once('error', reject); });
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      const room = new Room(peer, name, { stream, metadata: { name: id } });
      members.push({ peer, room, stream });
      await room.join();
    }
  },
  /** Resolves once every member here has `n − 1` connected links, with each remote video playing: per member, the others' ids and video widths. */
  async roomVideos(n: number): Promise<{ id: string; others: { id: string; width: number }[] }[]> {
    await until(() => members.every((m) => {
      const others = m.room.participants.filter((p) => !p.self);
      return others.length === n - 1 && others.every((p) => p.link === 'connected' && p.stream?.getVideoTracks().length);
    }), `every member here has ${n - 1} connected links with video`);
    return Promise.all(members.map(async (m) => ({
      id: m.peer.id!,
      others: await Promise.all(m.room.participants.filter((p) => !p.self).map(async (p) => ({ id: p.id, width: (await playing(p.stream!)).width }))),
    })));
  },
  /** Mutes every member here. */
  roomMuteAll(): void { for (const m of members) m.room.setMuted(true); },
  /** Resolves once every member here sees `id` with `muted` (or, with `gone`, no longer sees it). */
  async roomSees(id: string, what: 'muted' | 'gone'): Promise<void> {
    await until(() => members.every((m) => {
      const p = m.room.participants.find((x) => x.id === id);
      return what === 'gone' ? !p : !!p?.muted;
    }), `every member here sees ${id} ${what}`);
  },
  /** Every member here leaves and closes its Peer. */
  roomLeaveAll(): void {
    for (const m of members.splice(0)) { m.room.leave(); m.stream.getTracks().forEach((t) => t.stop()); m.peer.destroy(); }
  },
};
