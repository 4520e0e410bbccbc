/**
 * Coalesced screen-reader announcements of joins and leaves: what happens within `windowMs` is
 * said once ("Ana joined", "3 people joined"), so a room filling up is not read out name by name.
 */
export class RoomAnnouncer {
  private joined: string[] = [];
  private left: string[] = [];
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly say: (joined: string[], left: string[]) => void, private readonly windowMs = 1000) {}

  join(name: string): void { this.joined.push(name); this.arm(); }
  leave(name: string): void { this.left.push(name); this.arm(); }

  stop(): void { clearTimeout(this.timer); this.timer = undefined; this.joined = []; this.left = []; }

  private arm(): void {
    this.timer ??= setTimeout(() => {
      const { joined, left } = this;
      this.stop();
      this.say(joined, left);
    }, this.windowMs);
  }
}
