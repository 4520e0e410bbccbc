/**
 * What a new Peer registers with: a usable RTCPeerConnection (in Node loaded on demand), a valid id (given, kept from an
 * earlier page of this session, or assigned by the server) and its token.
 */
import { isValidId, peekToken } from '../protocol/index.js';
import { PeerError } from './errors.js';
import type { PeerOptions } from './peer-options.js';
import { tokenStore } from './token-store.js';
import type { SignalTransport } from './transport.js';
import { randomToken } from './util.js';
import { prepareNodeWebSocket, webRTCFor } from './webrtc-env.js';

export interface Registration {
  id: string;
  token: string;
  /**
   * Remembers id and token in the token store. Called right after the socket is opened, in the same
   * turn: the sessionStorage access (a synchronous round trip to the browser process, several ms
   * the first time in a page) then overlaps the socket handshake instead of delaying it.
   */
  claim(): void;
  /**
   * After ID-TAKEN on the first registration: the token an earlier page of this session stored for
   * the id (its socket may not be noticed gone yet), to try once instead; undefined when there is none.
   */
  storedToken(): string | undefined;
}

/** Resolves the id and token, or the PeerError that ends the Peer. */
export async function resolveRegistration(
  transport: SignalTransport, options: PeerOptions, id: string | undefined, cancelled: () => boolean,
): Promise<Registration | PeerError | undefined> {
  // In Node: loads @roamhq/wrtc and ws unless injected (webrtc-env); the error names what is missing.
  const webrtc = await webRTCFor(options).catch((e: PeerError) => e);
  if (webrtc instanceof PeerError) return webrtc;
  const socket = options.transport ? undefined : prepareNodeWebSocket(options.WebSocket);
  if (socket) await socket;
  if (!id && options.authToken) id = peekToken(options.authToken)?.sub; // the id the backend signed
  if (id !== undefined && id !== null && !isValidId(id)) return new PeerError('invalid-id', `ID "${id}" is invalid`);
  let assigned = false;
  if (!id) {
    id = tokenStore.storedId(transport.name);
    if (!id) {
      try { id = await transport.newId(); } catch (e) { return e as PeerError; }
    }
    assigned = true;
  }
  if (cancelled()) return undefined;
  // A chosen id registers with a fresh token at once, without reading sessionStorage first; the
  // stored one is only needed when the server still holds the id for an earlier page (ID-TAKEN).
  // A stored id was read from storage already, so its token comes from there too.
  const token = options.token ?? (assigned ? tokenStore.token(transport.name, id, undefined, randomToken()) : randomToken());
  const claimed = id;
  let before: string | undefined;
  let retried = false;
  return {
    id, token,
    claim: () => { before = tokenStore.claim(transport.name, claimed, token, assigned); },
    storedToken: () => {
      if (retried || options.token || !before || before === token) return undefined;
      retried = true;
      tokenStore.claim(transport.name, claimed, before, assigned);
      return before;
    },
  };
}
