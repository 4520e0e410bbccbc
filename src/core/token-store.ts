/**
 * Keeps the signalling token (and a server-assigned id) in `sessionStorage` when there is one, so a
 * page reload re-registers the same id with the same token instead of hitting `ID-TAKEN` until the
 * server notices the old socket is gone. Peers live in this page are tracked so two Peers never share.
 */
const inUse = new Set<string>();

function storage(): Storage | undefined {
  try {
    return (globalThis as { sessionStorage?: Storage }).sessionStorage;
  } catch {
    return undefined; // blocked storage (sandboxed iframes) throws on access
  }
}

const tokenKey = (server: string, id: string) => `p2p-kit:token:${server}:${id}`;
const idKey = (server: string) => `p2p-kit:id:${server}`;

export const tokenStore = {
  /** A stored id for `server` that no live Peer of this page uses. */
  storedId(server: string): string | undefined {
    const id = storage()?.getItem(idKey(server)) ?? undefined;
    return id && !inUse.has(`${server} ${id}`) ? id : undefined;
  },
  /** The token to register `id` with: the given one, a stored one, or `fresh`. */
  token(server: string, id: string, given: string | undefined, fresh: string): string {
    if (given) return given;
    return storage()?.getItem(tokenKey(server, id)) ?? fresh;
  },
  /**
   * Remembers id+token while the Peer lives (`assigned`: the id came from the server). Returns the
   * token stored for `id` before (a Peer of an earlier page may still hold the id with it).
   */
  claim(server: string, id: string, token: string, assigned: boolean): string | undefined {
    inUse.add(`${server} ${id}`);
    let before: string | undefined;
    try {
      before = storage()?.getItem(tokenKey(server, id)) ?? undefined;
      storage()?.setItem(tokenKey(server, id), token);
      if (assigned) storage()?.setItem(idKey(server), id);
    } catch { /* quota or blocked: reload then gets a new token, as in PeerJS */ }
    return before;
  },
  /**
   * The Peer is gone (destroy): a later `new Peer()` without id gets a fresh one. The token is kept,
   * so a new Peer with the same explicit id re-attaches even before the server noticed the old socket close.
   */
  release(server: string, id: string): void {
    inUse.delete(`${server} ${id}`);
    try {
      if (storage()?.getItem(idKey(server)) === id) storage()?.removeItem(idKey(server));
    } catch { /* see claim */ }
  },
};
