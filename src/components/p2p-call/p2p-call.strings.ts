import type { StringTable } from '../shared/index.js';

/** Every text `<p2p-call>` shows; override any of them through its `strings` property. */
export interface CallStrings extends Record<string, string> {
  call: string;
  cancel: string;
  accept: string;
  decline: string;
  hangUp: string;
  mute: string;
  unmute: string;
  cameraOff: string;
  cameraOn: string;
  shareScreen: string;
  stopSharing: string;
  camera: string;
  microphone: string;
  localVideo: string;
  remoteVideo: string;
  controls: string;
  code: string;
  codeHelp: string;
  idle: string;
  calling: string;
  ringing: string;
  connecting: string;
  active: string;
  ended: string;
  failed: string;
  starting: string;
  reasonHangup: string;
  reasonRemoteHangup: string;
  reasonCancelled: string;
  reasonMissed: string;
  reasonDeclined: string;
  reasonBusy: string;
  reasonNoAnswer: string;
  reasonUnavailable: string;
  reasonFailed: string;
  reasonPermissionDenied: string;
  reasonDeviceNotFound: string;
  reasonDeviceInUse: string;
  reasonMediaError: string;
}

export const callStrings: StringTable<CallStrings> = {
  en: {
    call: 'Call {remote}',
    cancel: 'Cancel',
    accept: 'Accept',
    decline: 'Decline',
    hangUp: 'Hang up',
    mute: 'Mute microphone',
    unmute: 'Unmute microphone',
    cameraOff: 'Turn camera off',
    cameraOn: 'Turn camera on',
    shareScreen: 'Share screen',
    stopSharing: 'Stop sharing',
    camera: 'Camera',
    microphone: 'Microphone',
    localVideo: 'Your camera',
    remoteVideo: 'Video from {remote}',
    controls: 'Call controls',
    code: 'Security code: {code}',
    codeHelp: 'Compare this code with {remote}. If it differs, someone may be listening in.',
    idle: 'Not in a call',
    calling: 'Calling {remote}…',
    ringing: '{remote} is calling',
    connecting: 'Connecting…',
    active: 'In a call with {remote}',
    ended: 'Call ended ({reason})',
    failed: 'Call failed ({reason})',
    starting: 'Starting camera…',
    reasonHangup: 'you hung up',
    reasonRemoteHangup: '{remote} hung up',
    reasonCancelled: 'cancelled',
    reasonMissed: 'missed call',
    reasonDeclined: 'declined',
    reasonBusy: '{remote} is busy',
    reasonNoAnswer: 'no answer',
    reasonUnavailable: '{remote} is not online',
    reasonFailed: 'connection or device problem',
    reasonPermissionDenied: 'camera or microphone access was denied; allow it in the browser and try again',
    reasonDeviceNotFound: 'camera or microphone not found',
    reasonDeviceInUse: 'the camera or microphone is in use by another app',
    reasonMediaError: 'camera or microphone could not start',
  },
  de: {
    call: '{remote} anrufen',
    cancel: 'Abbrechen',
    accept: 'Annehmen',
    decline: 'Ablehnen',
    hangUp: 'Auflegen',
    mute: 'Mikrofon stummschalten',
    unmute: 'Mikrofon einschalten',
    cameraOff: 'Kamera ausschalten',
    cameraOn: 'Kamera einschalten',
    shareScreen: 'Bildschirm teilen',
    stopSharing: 'Teilen beenden',
    camera: 'Kamera',
    microphone: 'Mikrofon',
    localVideo: 'Deine Kamera',
    remoteVideo: 'Video von {remote}',
    controls: 'Anrufsteuerung',
    code: 'Sicherheitscode: {code}',
    codeHelp: 'Vergleiche diesen Code mit {remote}. Weicht er ab, hört womöglich jemand mit.',
    idle: 'Kein Anruf',
    calling: '{remote} wird angerufen…',
    ringing: '{remote} ruft an',
    connecting: 'Verbindung wird aufgebaut…',
    active: 'Im Gespräch mit {remote}',
    ended: 'Anruf beendet ({reason})',
    failed: 'Anruf fehlgeschlagen ({reason})',
    starting: 'Kamera wird gestartet…',
    reasonHangup: 'du hast aufgelegt',
    reasonRemoteHangup: '{remote} hat aufgelegt',
    reasonCancelled: 'abgebrochen',
    reasonMissed: 'verpasster Anruf',
    reasonDeclined: 'abgelehnt',
    reasonBusy: '{remote} ist besetzt',
    reasonNoAnswer: 'keine Antwort',
    reasonUnavailable: '{remote} ist nicht online',
    reasonFailed: 'Verbindungs- oder Geräteproblem',
    reasonPermissionDenied: 'Zugriff auf Kamera oder Mikrofon verweigert; im Browser erlauben und erneut versuchen',
    reasonDeviceNotFound: 'Kamera oder Mikrofon nicht gefunden',
    reasonDeviceInUse: 'Kamera oder Mikrofon wird von einer anderen App benutzt',
    reasonMediaError: 'Kamera oder Mikrofon ließ sich nicht starten',
  },
};
