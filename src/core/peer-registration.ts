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
   * turn: the sessionStorage write then costs the registration nothing (the socket URL needs only the read).
   */
  claim(): void;
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
  const token = tokenStore.token(transport.name, id, options.token, randomToken());
  const claimed = id;
  return { id, token, claim: () => tokenStore.claim(transport.name, claimed, token, assigned) };
}
