// Room mode of the demo: `?room=<name>` puts a <p2p-room> (a mesh video room for a small group) in the
// page's <p2p-peer> instead of the 1:1 panels, joins it once the peer is registered, and shows the link
// that invites others. "Start a room" (on the 1:1 page) opens such a link with a typed or random name.
import type { P2PRoomElement } from '../src/index.js';

/** A room name the server accepts (1–64 of letters, digits, `_ . -`); empty if nothing usable is left. */
export function roomNameOf(text: string): string {
  return text.trim().replace(/\s+/g, '-').replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 64);
}

/** A short random name, hard to guess so strangers do not stumble into the room. */
export function randomRoomName(): string {
  return `room-${crypto.getRandomValues(new Uint32Array(2)).reduce((s, n) => s + n.toString(36), '')}`;
}

/** The link to share: this page with only `?room=` (each guest picks their own name). */
export function shareLink(room: string): string {
  return `${location.origin}${location.pathname}?${new URLSearchParams({ room })}`;
}

/** Wires the header's "Start a room" form: opens `?room=` (keeping `?name=` if one is set). */
export function wireStartRoom(form: HTMLFormElement, input: HTMLInputElement): void {
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const params = new URLSearchParams({ room: roomNameOf(input.value) || randomRoomName() });
    const name = new URLSearchParams(location.search).get('name');
    if (name) params.set('name', name);
    location.assign(`?${params}`);
  });
}

/** Fills the room template for `room` and joins as soon as the peer is open. */
export function enterRoom(fragment: DocumentFragment, room: string, name: string, status: (text: string) => void): void {
  const el = fragment.querySelector<P2PRoomElement>('p2p-room')!;
  el.setAttribute('room', room);
  el.setAttribute('name', name);
  const link = fragment.getElementById('share-link') as HTMLAnchorElement;
  link.href = link.textContent = shareLink(room);
  fragment.getElementById('copy-link')!.addEventListener('click', (e) => {
    const button = e.currentTarget as HTMLButtonElement;
    navigator.clipboard?.writeText(link.href).then(() => { button.textContent = 'Copied'; }, () => { /* the link stays selectable */ });
  });
  fragment.getElementById('group-title')!.textContent = `Room ${room}`;
  const peer = fragment.getElementById('me')!;
  // join() needs a registered peer; a full room or a denied camera shows in the element's state.
  const join = () => void el.join().catch(() => {});
  peer.addEventListener('p2p-open', join, { once: true });
  const show = () => status(`in room ${room} · ${el.state} · ${el.count} here`);
  for (const type of ['p2p-state-change', 'p2p-participant-join', 'p2p-participant-leave']) el.addEventListener(type, show);
}
