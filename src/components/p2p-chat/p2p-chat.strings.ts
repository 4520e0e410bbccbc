import type { StringTable } from '../shared/strings.js';

/** UI strings of `<p2p-chat>`. `{name}` is the remote's display name (or id). */
export interface ChatStrings extends Record<string, string> {
  log: string; empty: string; label: string; placeholder: string; send: string; typing: string;
  sending: string; sent: string; delivered: string; read: string; failed: string; you: string;
  code: string; noRemote: string;
}

export const chatStrings: StringTable<ChatStrings> = {
  en: {
    log: 'Chat with {name}', empty: 'No messages yet', label: 'Message', placeholder: 'Write a message…',
    send: 'Send', typing: '{name} is typing…', sending: 'Sending…', sent: 'Sent', delivered: 'Delivered',
    read: 'Read', failed: 'Not sent', you: 'You', code: 'Verification code: {code}', noRemote: 'No one to chat with',
  },
  de: {
    log: 'Chat mit {name}', empty: 'Noch keine Nachrichten', label: 'Nachricht', placeholder: 'Nachricht schreiben…',
    send: 'Senden', typing: '{name} schreibt…', sending: 'Wird gesendet…', sent: 'Gesendet', delivered: 'Zugestellt',
    read: 'Gelesen', failed: 'Nicht gesendet', you: 'Du', code: 'Prüfcode: {code}', noRemote: 'Kein Gesprächspartner',
  },
};
