import type { StringTable } from '../shared/strings.js';

/** UI strings of `<p2p-room>`. `{name}` is a participant's display name, `{count}` a number. */
export interface RoomStrings extends Record<string, string> {
  controls: string; mute: string; camera: string; screen: string; leave: string; join: string; you: string;
  mutedMark: string; cameraOffMark: string; reconnectingMark: string;
  idle: string; joining: string; joined: string; full: string; reconnecting: string; left: string; failed: string;
  joinedOne: string; leftOne: string; joinedMany: string; leftMany: string;
}

export const roomStrings: StringTable<RoomStrings> = {
  en: {
    controls: 'Room controls', mute: 'Mute', camera: 'Camera off', screen: 'Share screen', leave: 'Leave', join: 'Join', you: 'You',
    mutedMark: 'muted', cameraOffMark: 'camera off', reconnectingMark: 'reconnecting',
    idle: 'Not in the room', joining: 'Joining…', joined: '{count} in the room', full: 'The room is full',
    reconnecting: 'Reconnecting…', left: 'You left the room', failed: 'Could not join the room',
    joinedOne: '{name} joined', leftOne: '{name} left', joinedMany: '{count} people joined', leftMany: '{count} people left',
  },
  de: {
    controls: 'Raumsteuerung', mute: 'Stumm', camera: 'Kamera aus', screen: 'Bildschirm teilen', leave: 'Verlassen', join: 'Beitreten', you: 'Du',
    mutedMark: 'stumm', cameraOffMark: 'Kamera aus', reconnectingMark: 'verbindet neu',
    idle: 'Nicht im Raum', joining: 'Trete bei…', joined: '{count} im Raum', full: 'Der Raum ist voll',
    reconnecting: 'Verbinde neu…', left: 'Du hast den Raum verlassen', failed: 'Beitritt fehlgeschlagen',
    joinedOne: '{name} ist beigetreten', leftOne: '{name} ist gegangen', joinedMany: '{count} Personen sind beigetreten', leftMany: '{count} Personen sind gegangen',
  },
};
