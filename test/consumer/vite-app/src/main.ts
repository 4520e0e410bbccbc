// p2p-kit from the installed tarball: one tag by its own entry, the rest by the package's main entry.
import 'p2p-kit/define/p2p-chat.js'
import { P2PPeerElement } from 'p2p-kit'
import type { PeerState } from 'p2p-kit/core'

// Two of these pages chat: ?id=ann&remote=ben and ?id=ben&remote=ann.
const q = new URLSearchParams(location.search)
const peer = document.createElement('p2p-peer')
peer.peerId = q.get('id') ?? ''
peer.server = location.origin + '/'
const chat = document.createElement('p2p-chat')
chat.remote = q.get('remote') ?? ''
const received = document.createElement('output')
received.id = 'received'
chat.addEventListener('p2p-message', (e) => {
  if (e.message.direction === 'in') received.value = e.message.text
})
peer.addEventListener('p2p-state-change', (e) => {
  const state: PeerState = (e.target as P2PPeerElement).state
  document.body.dataset.peer = state
})
peer.append(chat)
document.querySelector<HTMLDivElement>('#app')!.append(peer, received)
console.log(peer instanceof P2PPeerElement ? 'p2p-peer upgraded' : 'p2p-peer NOT upgraded')
