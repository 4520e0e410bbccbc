// The demo: pick a name, see who is online, call / chat / send files. All behaviour comes from the tags;
// this file only wires the roster's selection to the other elements.
import '../src/index.js';
import type { P2PCallElement, P2PRosterElement } from '../src/index.js';
import { enterRoom, roomNameOf, wireStartRoom } from './room.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function join(name: string): void {
  const room = ($(group ? 'group' : 'room') as HTMLTemplateElement).content.cloneNode(true) as DocumentFragment;
  room.getElementById('me')!.setAttribute('name', name);
  const who = $('who');
  who.textContent = `You are ${name} · connecting`;
  who.hidden = false;
  if (group) enterRoom(room, group, name, (text) => { who.textContent = `You are ${name} · ${text}`; });
  $('room-view').append(room);
  $('join-view').hidden = true;
  $('room-view').hidden = false;
  if (!group) $('me').addEventListener('p2p-state-change', (e) => { who.textContent = `You are ${name} · ${e.state}`; });
}

/** Points the call, chat and file elements at one remote peer. */
function focusPeer(id: string, label: string): void {
  for (const el of ['call', 'chat', 'files']) {
    $(el).setAttribute('remote', id);
    $(el).setAttribute('remote-name', label);
  }
  $('call-title').textContent = `Call with ${label}`;
  $('chat-title').textContent = `Chat with ${label}`;
  $('file-title').textContent = `Files for ${label}`;
}

function nameOf(id: string): string {
  return $<P2PRosterElement>('roster').list.find((p) => p.id === id)?.name || id;
}

document.addEventListener('p2p-select', (e) => {
  focusPeer(e.peerId, e.name || e.peerId);
  if (e.action === 'call') $<P2PCallElement>('call').start().catch(() => { /* state + p2p-error show it */ });
  if (e.action === 'chat') $('chat').focus();
});

// Whoever calls, writes or sends to us becomes the focused peer, so replies go back to them.
function adopt(from: string | undefined): void {
  if (from && from !== $('chat').getAttribute('remote')) focusPeer(from, nameOf(from));
}
document.addEventListener('p2p-incoming-call', (e) => adopt(e.from));
document.addEventListener('p2p-message', (e) => adopt(e.message.direction === 'in' ? e.message.from : undefined));
document.addEventListener('p2p-file-offer', (e) => adopt(e.offer.from));

const params = new URLSearchParams(location.search);
// `?room=<name>`: a group video room instead of the 1:1 panels.
const group = roomNameOf(params.get('room') ?? '');
if (group) {
  $('join-title').textContent = `Join room ${group}`;
  $('join-hint').textContent = 'Pick a name the others in the room will see. Your camera and microphone join the room.';
  $('room-view').classList.add('group');
  $('start-room').hidden = true;
}
wireStartRoom($('start-room') as HTMLFormElement, $('room-name') as HTMLInputElement);
const preset = params.get('name')?.trim();
if (preset) join(preset.slice(0, 40));
$('join-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = ($('name') as HTMLInputElement).value.trim().slice(0, 40);
  if (!name) return;
  params.set('name', name);
  history.replaceState(null, '', `?${params}`);
  join(name);
});
