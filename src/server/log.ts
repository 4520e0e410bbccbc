/**
 * Structured logging: one JSON object per event. The sink is injectable (`log` option) so tests stay
 * silent and deployments can forward entries to their own logger.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One log entry. `event` is a stable dotted name (`client.open`, `socket.refused`, ...). */
export interface LogEntry {
  time: string;
  level: LogLevel;
  event: string;
  [field: string]: unknown;
}

/** A log sink. Called synchronously; must not throw. */
export type Logger = (entry: LogEntry) => void;

/** Writes each entry as one JSON line (what the CLI uses). */
export function jsonLines(write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  return (entry) => write(`${JSON.stringify(entry)}\n`);
}

/** The server's internal logging facade over a sink. */
export interface Log {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** Builds the facade; `false` is silent, `true` is JSON lines on stdout. */
export function makeLog(sink: Logger | boolean): Log {
  const out: Logger | undefined = sink === true ? jsonLines() : sink === false ? undefined : sink;
  const at = (level: LogLevel) => (event: string, fields?: Record<string, unknown>): void => {
    if (!out) return;
    try {
      out({ time: new Date().toISOString(), level, event, ...fields });
    } catch {
      // A broken sink must not take the server down with it.
    }
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
