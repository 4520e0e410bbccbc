// Shared helpers of the room browser tests.
import type { Room } from '../../src/core/index.js';

/** Resolves once `cond()` holds (checked on every room event), or rejects after `ms` saying `what`. */
export function until(rooms: Room[], cond: () => boolean, what: string, ms = 30000): Promise<void> {
  return new Promise((resolve, reject) => {
    const ac = new AbortController();
    const check = () => { if (cond()) { ac.abort(); clearTimeout(t); resolve(); } };
    const t = setTimeout(() => { ac.abort(); reject(new Error(`timeout: ${what}`)); }, ms);
    for (const r of rooms) for (const type of ['join', 'leave', 'change', 'state', 'active-speaker'] as const) r.addEventListener(type, check, { signal: ac.signal });
    check();
  });
}

