/** Pure helpers for `<p2p-roster>`: which presence entries to show, and how. */
import type { PresenceEntry } from '../shared/core-types.js';

/** Longest display name shown (longer ones are cut with an ellipsis). */
export const MAX_NAME = 64;

export interface RosterEntry { id: string; name: string }

/** Display name from presence metadata: a non-empty string `name`, trimmed and cut; else ''. */
export function displayName(entry: PresenceEntry): string {
  const n = entry.metadata?.name;
  if (typeof n !== 'string') return '';
  const t = n.trim().replace(/\s+/g, ' ');
  return t.length > MAX_NAME ? `${t.slice(0, MAX_NAME - 1)}…` : t;
}

/** Entries to show: without `self`, one per id, sorted by name (then id), names resolved. */
export function rosterEntries(presence: readonly PresenceEntry[] | undefined, self: string | null | undefined): RosterEntry[] {
  const byId = new Map<string, RosterEntry>();
  for (const p of presence ?? []) {
    if (typeof p?.id !== 'string' || !p.id || p.id === self) continue;
    byId.set(p.id, { id: p.id, name: displayName(p) });
  }
  return [...byId.values()].sort((a, b) => (a.name || a.id).localeCompare(b.name || b.id) || a.id.localeCompare(b.id));
}

/** Parses the `actions` attribute ("call chat file", any order, unknown words dropped). */
export function parseActions(value: string | null | undefined): ('call' | 'chat' | 'file')[] {
  const words = (value ?? '').split(/[\s,]+/);
  return (['call', 'chat', 'file'] as const).filter((a) => words.includes(a));
}
