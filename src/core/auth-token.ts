/**
 * The app's signed token (JWT) for a server that requires one: sent on every (re)connect, and
 * renewed through the app's callback before it expires, so a reconnect an hour later still gets in.
 * The server checks a token when a socket registers; an open socket is not cut at `exp`.
 */
import { AuthText, peekToken } from '../protocol/index.js';
import type { PeerError } from './errors.js';
import type { Clock } from './clock.js';

/** Retry a failed refresh after this long (or sooner, when the token expires sooner). */
const RETRY_MS = 5000;

export interface AuthTokenOptions {
  token: string;
  refresh?: () => string | Promise<string>;
  clock: Clock;
  /** A refresh failed (it is retried until the token expires). */
  failed(err: unknown): void;
}

export class AuthToken {
  private token: string;
  private timer: unknown;
  private stopped = false;
  private recovering = false;

  constructor(private readonly o: AuthTokenOptions) {
    this.token = o.token;
    this.schedule();
  }

  /** The token to send now. */
  get current(): string { return this.token; }

  /** The peer id the token was issued for (`sub`), if it is a JWT. */
  get subject(): string | undefined { return peekToken(this.token)?.sub; }

  /** Fetches a new token now (also used when the server said the token expired). */
  async refresh(): Promise<boolean> {
    if (!this.o.refresh || this.stopped) return false;
    this.o.clock.clearTimeout(this.timer);
    try {
      const next = await this.o.refresh();
      if (this.stopped) return false;
      if (typeof next !== 'string' || next === '') throw new TypeError('refreshAuthToken must resolve to a token string');
      this.token = next;
      this.schedule();
      return true;
    } catch (err) {
      if (this.stopped) return false;
      this.o.failed(err);
      const left = this.msLeft();
      if (left === undefined || left > 0) this.timer = this.o.clock.setTimeout(() => void this.refresh(), Math.min(RETRY_MS, Math.max(left ?? RETRY_MS, 0) / 2 || RETRY_MS));
      return false;
    }
  }

  /**
   * After the server refused the token as expired (a reconnect after the laptop slept): refreshes
   * once and calls `restart`, or `fail` when that cannot help. False if `err` is not for us.
   */
  recover(err: PeerError, restart: () => void, fail: () => void): boolean {
    if (err.type !== 'unauthorized' || err.message !== AuthText.Expired || !this.o.refresh || this.recovering) return false;
    this.recovering = true;
    void this.refresh().then((ok) => (ok ? restart() : fail()));
    return true;
  }

  /** Registered with the current token: a later expiry may be recovered from again. */
  registered(): void {
    this.recovering = false;
  }

  stop(): void {
    this.stopped = true;
    this.o.clock.clearTimeout(this.timer);
  }

  private msLeft(): number | undefined {
    const exp = peekToken(this.token)?.exp;
    return exp === undefined ? undefined : exp * 1000 - this.o.clock.now();
  }

  /** Renews when 80% of the remaining lifetime has passed (no `exp`, no callback: never). */
  private schedule(): void {
    const left = this.msLeft();
    if (!this.o.refresh || left === undefined) return;
    this.timer = this.o.clock.setTimeout(() => void this.refresh(), Math.max(1000, left * 0.8));
  }
}
