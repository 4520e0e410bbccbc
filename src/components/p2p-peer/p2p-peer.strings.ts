import type { StringTable } from '../shared/strings.js';

/** UI strings of `<p2p-peer>`'s status line. */
export interface PeerStrings extends Record<string, string> {
  connecting: string; open: string; reconnecting: string; disconnected: string; closed: string; failed: string;
}

export const peerStrings: StringTable<PeerStrings> = {
  en: {
    connecting: 'Connecting…', open: 'Online as {id}', reconnecting: 'Reconnecting…',
    disconnected: 'Offline', closed: 'Closed', failed: 'Connection failed',
  },
  de: {
    connecting: 'Verbinde…', open: 'Online als {id}', reconnecting: 'Verbinde erneut…',
    disconnected: 'Offline', closed: 'Beendet', failed: 'Verbindung fehlgeschlagen',
  },
};
