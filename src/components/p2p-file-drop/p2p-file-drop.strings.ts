import type { StringTable } from '../shared/index.js';

/** Every text `<p2p-file-drop>` shows; override any of them through its `strings` property. */
export interface FileDropStrings extends Record<string, string> {
  dropHere: string;
  choose: string;
  dropZoneLabel: string;
  incomingOffer: string;
  accept: string;
  decline: string;
  cancel: string;
  save: string;
  transfers: string;
  sending: string;
  receiving: string;
  progressLabel: string;
  speedEta: string;
  etaUnknown: string;
  offered: string;
  queued: string;
  transferring: string;
  paused: string;
  verifying: string;
  done: string;
  declined: string;
  cancelled: string;
  failed: string;
  noRemote: string;
}

export const fileDropStrings: StringTable<FileDropStrings> = {
  en: {
    dropHere: 'Drop files here',
    choose: 'Choose files…',
    dropZoneLabel: 'Send files to {remote}',
    incomingOffer: '{from} wants to send you {name} ({size})',
    accept: 'Accept',
    decline: 'Decline',
    cancel: 'Cancel',
    save: 'Save',
    transfers: 'File transfers',
    sending: 'To {remote}',
    receiving: 'From {remote}',
    progressLabel: '{name}: {percent}%',
    speedEta: '{speed}/s · {eta} left',
    etaUnknown: '—',
    offered: 'Waiting for an answer',
    queued: 'Queued',
    transferring: 'Transferring',
    paused: 'Connection lost, waiting to resume',
    verifying: 'Verifying',
    done: 'Done, SHA-256 verified',
    declined: 'Declined',
    cancelled: 'Cancelled',
    failed: 'Failed',
    noRemote: 'No recipient set',
  },
  de: {
    dropHere: 'Dateien hier ablegen',
    choose: 'Dateien auswählen…',
    dropZoneLabel: 'Dateien an {remote} senden',
    incomingOffer: '{from} möchte dir {name} ({size}) senden',
    accept: 'Annehmen',
    decline: 'Ablehnen',
    cancel: 'Abbrechen',
    save: 'Speichern',
    transfers: 'Dateiübertragungen',
    sending: 'An {remote}',
    receiving: 'Von {remote}',
    progressLabel: '{name}: {percent} %',
    speedEta: '{speed}/s · noch {eta}',
    offered: 'Wartet auf Antwort',
    queued: 'In der Warteschlange',
    transferring: 'Wird übertragen',
    paused: 'Verbindung verloren, wartet auf Fortsetzung',
    verifying: 'Wird geprüft',
    done: 'Fertig, SHA-256 geprüft',
    declined: 'Abgelehnt',
    cancelled: 'Abgebrochen',
    failed: 'Fehlgeschlagen',
    noRemote: 'Kein Empfänger angegeben',
  },
};

/** `1536` → `1.5 KB` (decimal units, like file managers; locale-aware digits). */
export function formatBytes(bytes: number, lang = 'en'): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  const n = new Intl.NumberFormat(lang || 'en', { maximumFractionDigits: v < 10 && u > 0 ? 1 : 0 }).format(v);
  return `${n} ${units[u]}`;
}

/** Seconds → `1:05` / `1:02:03`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
