/**
 * What the commands print: on a TTY one progress bar per transfer with speed and ETA (cli-progress),
 * elsewhere nothing until each transfer ends; then one line per file either way.
 */
import cliProgress from 'cli-progress';
import type { Transfer } from '../sessions/index.js';

const MiB = 1024 * 1024;
const fmtBytes = (n: number) => (n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : `${(n / 1024).toFixed(0)} KiB`);
const fmtEta = (s: number | null) => (s === null ? '--' : s >= 60 ? `${Math.floor(s / 60)}m${Math.round(s % 60)}s` : `${Math.round(s)}s`);

export class Progress {
  private readonly multi?: cliProgress.MultiBar;
  private readonly bars = new Map<string, cliProgress.SingleBar>();

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {
    if (!out.isTTY) return;
    this.multi = new cliProgress.MultiBar({
      stream: out, clearOnComplete: false, hideCursor: true, fps: 8,
      format: '{name} |{bar}| {percentage}% {moved}/{size} {speed}/s ETA {left}',
    }, cliProgress.Presets.shades_classic);
  }

  /** Bytes moved on `t` (call freely: the bar redraws at a bounded rate). */
  update(t: Transfer): void {
    if (!this.multi || (t.state !== 'transferring' && t.state !== 'verifying')) return;
    const payload = { name: t.name, moved: fmtBytes(t.bytes), size: fmtBytes(t.size), speed: fmtBytes(t.bytesPerSecond), left: fmtEta(t.eta) };
    let bar = this.bars.get(t.id);
    if (!bar) { bar = this.multi.create(Math.max(1, t.size), 0, payload); this.bars.set(t.id, bar); }
    bar.update(t.bytes, payload);
  }

  /** A line above the bars (or a plain line on stdout without a TTY). */
  log(line: string): void {
    if (this.multi) this.multi.log(`${line}\n`); else process.stdout.write(`${line}\n`);
  }

  stop(): void { this.multi?.stop(); }
}
