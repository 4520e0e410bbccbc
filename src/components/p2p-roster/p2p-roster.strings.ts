import type { StringTable } from '../shared/strings.js';

/** UI strings of `<p2p-roster>`. `{name}` is a peer's display name. */
export interface RosterStrings extends Record<string, string> {
  label: string; empty: string; call: string; chat: string; file: string; offline: string;
}

export const rosterStrings: StringTable<RosterStrings> = {
  en: { label: 'People online', empty: 'No one else is online', call: 'Call', chat: 'Chat', file: 'Send file', offline: 'Not connected' },
  de: { label: 'Online', empty: 'Sonst ist niemand online', call: 'Anrufen', chat: 'Chatten', file: 'Datei senden', offline: 'Nicht verbunden' },
};
