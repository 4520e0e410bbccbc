/**
 * The ICE servers our signalling server hands out (OPEN payload, then `GET {path}{key}/ice`), kept
 * fresh: a TURN credential minted by the coturn REST-API scheme (username `<unix expiry>:<id>`)
 * dies at its expiry, so a Peer online longer than the TTL would give new connections a credential
 * coturn refuses (401). {@link IceServerSource} refetches the list at 80% of the remaining lifetime.
 */
import { turnUsernameExpiry, type IceServerList } from '../protocol/index.js';
import type { Clock } from './clock.js';

export type { IceServerList } from '../protocol/index.js';

/** Earliest refresh after a list arrived, so a tiny TTL (or a skewed clock) cannot make a tight loop. */
export const MIN_REFRESH_MS = 1000;
/** Longest wait after a failed or useless refresh. */
const MAX_RETRY_MS = 5 * 60 * 1000;
/** setTimeout's limit (about 24.8 days): longer delays fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Earliest expiry (ms since the epoch) among the REST-API credentials in `list`; undefined when none expires. */
export function earliestExpiry(list: IceServerList): number | undefined {
  let min: number | undefined;
  for (const s of list) {
    const expiry = turnUsernameExpiry(s.username);
    if (expiry !== undefined) min = Math.min(min ?? Infinity, expiry);
  }
  return min;
}

/** Delay before refreshing a list whose first credential expires at `expiry` (ms), seen at `now`. */
export function refreshDelay(expiry: number, now: number): number {
  return Math.min(MAX_TIMER_MS, Math.max(MIN_REFRESH_MS, Math.floor((expiry - now) * 0.8)));
}

export interface IceServerSourceOptions {
  clock: Clock;
  /** Fetches the current list (`GET {path}{key}/ice?id=&token=`); undefined when the transport has no such route. */
  fetch: (() => Promise<IceServerList>) | undefined;
  /** A fresh list replaced the old one. */
  updated(list: IceServerList): void;
}

export class IceServerSource {
  private list: IceServerList | undefined;
  private timer: unknown;
  private failures = 0;
  /** Bumped by every set()/stop(), so a refresh that resolves late cannot overwrite a newer list. */
  private generation = 0;

  constructor(private readonly o: IceServerSourceOptions) {}

  /** The current list (undefined before the first OPEN, or when the server sent none). */
  get current(): IceServerList | undefined { return this.list; }

  /** Takes the list from an OPEN (also after a reconnect) and schedules its refresh. */
  set(list: IceServerList | undefined): void {
    this.stop();
    this.list = list;
    this.failures = 0;
    this.schedule();
  }

  /** Stops refreshing (disconnect, destroy); the last list stays readable. */
  stop(): void {
    this.generation++;
    this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    const expiry = this.list && this.o.fetch ? earliestExpiry(this.list) : undefined;
    if (expiry === undefined) return;
    const now = this.o.clock.now();
    // A credential that already looks expired right after it arrived means a skewed clock or a
    // failing route: back off instead of asking every second.
    const delay = this.failures === 0 && expiry > now ? refreshDelay(expiry, now)
      : Math.min(MAX_RETRY_MS, MIN_REFRESH_MS * 2 ** this.failures);
    const gen = this.generation;
    this.timer = this.o.clock.setTimeout(() => { void this.refresh(gen); }, delay);
  }

  private async refresh(gen: number): Promise<void> {
    let fresh: IceServerList | undefined;
    try { fresh = await this.o.fetch!(); } catch { fresh = undefined; }
    if (gen !== this.generation) return;
    const expiry = fresh && earliestExpiry(fresh);
    if (fresh && (expiry === undefined || expiry > this.o.clock.now())) {
      this.list = fresh;
      this.failures = 0;
      this.o.updated(fresh);
    } else {
      this.failures++;
    }
    this.schedule();
  }
}
