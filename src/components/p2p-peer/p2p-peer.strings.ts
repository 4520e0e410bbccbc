import type { StringTable } from '../shared/strings.js';

/** UI strings of `<p2p-peer>`'s status line. */
export interface PeerStrings extends Record<string, string> {
  connecting: string; open: string; reconnecting: string; disconnected: string; closed: string; failed: string;
  /** "Connection failed" with a `{reason}` (one of the `reason*` strings) when the cause is known. */
  failedBecause: string;
  reasonInvalidKey: string; reasonUnavailableId: string; reasonInvalidId: string; reasonInvalidServer: string;
  reasonBrowserIncompatible: string;
  /** The server requires a signed token (`auth-token`) and refused this one. */
  reasonUnauthorized: string;
}

export const peerStrings: StringTable<PeerStrings> = {
  en: {
    connecting: 'Connecting…', open: 'Online as {id}', reconnecting: 'Reconnecting…',
    disconnected: 'Offline', closed: 'Closed', failed: 'Connection failed',
    failedBecause: 'Connection failed: {reason}', reasonInvalidKey: 'the server refused the key',
    reasonUnavailableId: 'the id {id} is taken', reasonInvalidId: 'the id {id} is not valid',
    reasonInvalidServer: 'the server address is not valid', reasonBrowserIncompatible: 'this browser cannot make WebRTC connections',
    reasonUnauthorized: 'the server refused the sign-in token',
  },
  de: {
    connecting: 'Verbinde…', open: 'Online als {id}', reconnecting: 'Verbinde erneut…',
    disconnected: 'Offline', closed: 'Beendet', failed: 'Verbindung fehlgeschlagen',
    failedBecause: 'Verbindung fehlgeschlagen: {reason}', reasonInvalidKey: 'der Server hat den Schlüssel abgelehnt',
    reasonUnavailableId: 'die ID {id} ist vergeben', reasonInvalidId: 'die ID {id} ist ungültig',
    reasonInvalidServer: 'die Serveradresse ist ungültig', reasonBrowserIncompatible: 'dieser Browser kann keine WebRTC-Verbindungen aufbauen',
    reasonUnauthorized: 'der Server hat das Anmelde-Token abgelehnt',
  },
};
