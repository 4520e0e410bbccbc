/**
 * How the Peer makes its connections: a DataConnection from `connect()` options or from a remote
 * OFFER (PeerJS's defaults for what the offer leaves out), and refreshed ICE servers handed to live ones.
 */
import type { OfferPayload } from '../protocol/index.js';
import type { ConnectionContext } from './base-connection.js';
import { DataConnection, DEFAULT_MAX_MESSAGE_SIZE } from './dataconnection.js';
import type { IceServerList } from './ice-servers.js';
import type { ConnectOptions } from './peer-types.js';
import type { AnyConnection } from './registry.js';
import { wireSerialization } from './serializers/index.js';
import { randomToken } from './util.js';

/** A new outgoing DataConnection; `ctxFor` gives the context for the chosen connectionId. */
export function outgoingData(
  options: ConnectOptions, peerMaxMessageSize: number | undefined, ctxFor: (connectionId: string) => ConnectionContext,
): DataConnection {
  const serialization = wireSerialization(options.serialization);
  if (!serialization) throw new TypeError(`Unknown serialization "${options.serialization}"`);
  const connectionId = options.connectionId ?? `dc_${randomToken()}`;
  return new DataConnection({
    ...ctxFor(connectionId), label: options.label ?? connectionId, serialization,
    reliable: serialization === 'MsgPack' ? true : options.reliable ?? true,
    maxMessageSize: options.maxMessageSize ?? peerMaxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
  });
}

/** The DataConnection a remote OFFER asks for. */
export function incomingData(ctx: ConnectionContext, p: OfferPayload, peerMaxMessageSize: number | undefined): DataConnection {
  return new DataConnection({
    ...ctx, offer: p, label: p.label ?? p.connectionId,
    serialization: wireSerialization(p.serialization) ?? 'raw', reliable: p.reliable ?? false,
    maxMessageSize: peerMaxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
  });
}

/** Live connections get a refreshed list for their next ICE restart (Chromium keeps running TURN allocations as they are). */
export function applyIceServers(connections: AnyConnection[], list: IceServerList): void {
  for (const c of connections) {
    const pc = c.peerConnection;
    if (!pc || pc.connectionState === 'closed') continue;
    try { pc.setConfiguration({ ...pc.getConfiguration(), iceServers: list }); } catch { /* a browser refusing the change keeps the old list */ }
  }
}
