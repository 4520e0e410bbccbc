import type { StringTable } from '../shared/strings.js';

/** UI strings of `<p2p-video>`. */
export interface VideoStrings extends Record<string, string> {
  unmute: string;
}

export const videoStrings: StringTable<VideoStrings> = {
  en: { unmute: 'Click to unmute' },
  de: { unmute: 'Klicken, um den Ton einzuschalten' },
};
