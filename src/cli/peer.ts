/** Opens the command's core Peer on the signalling server of `--server` and waits until registered. */
import { Peer, type PeerError } from '../core/index.js';
import { serverOptions, type ClientArgs } from './args.js';

export async function openPeer(a: ClientArgs): Promise<Peer> {
  const peer = a.id ? new Peer(a.id, serverOptions(a)) : new Peer(serverOptions(a));
  await new Promise<void>((resolve, reject) => {
    peer.once('open', () => resolve());
    peer.once('error', (e: PeerError) => { if (!peer.open) reject(new Error(`${e.type}: ${e.message}`)); });
  });
  if (a.name) peer.setPresence({ discoverable: true, metadata: { name: a.name } });
  return peer;
}
