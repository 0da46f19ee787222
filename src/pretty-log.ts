import type { DestinationStream } from 'pino';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const COLOURS: Record<number, string> = { 40: '\u001b[33m', 50: '\u001b[31m', 60: '\u001b[41m' };
const RESET = '\u001b[0m';
const DIM = '\u001b[2m';

/** A value after `key=`: plain when it reads unambiguously, JSON otherwise. */
function show(value: unknown): string {
  if (typeof value === 'string') return /^[\w./:@+-]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/**
 * One pino JSON line as a person reads it on a terminal: `12:04:05 INFO  request method=GET url=/ statusCode=200`.
 * An `err` field ends with its stack; a line that is not JSON is kept as it is.
 */
export function formatLogLine(line: string, colour: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const { level, time, msg, pid: _pid, hostname: _hostname, err, ...rest } = entry;
  const levelNumber = typeof level === 'number' ? level : 30;
  const name = (LEVELS[levelNumber] ?? String(level)).padEnd(5);
  const clock = typeof time === 'number' ? new Date(time).toISOString().slice(11, 19) : '--:--:--';
  const fields = Object.entries(rest).map(([key, value]) => `${key}=${show(value)}`);
  const colourOf = COLOURS[levelNumber];
  const head = colour ? `${DIM}${clock}${RESET} ${colourOf ?? ''}${name}${colourOf ? RESET : ''}` : `${clock} ${name}`;
  const text = [head, typeof msg === 'string' ? msg : '', ...fields].filter((part) => part !== '').join(' ');
  const stack =
    typeof err === 'object' && err !== null && 'stack' in err && typeof err.stack === 'string'
      ? `\n  ${err.stack.split('\n').join('\n  ')}`
      : '';
  return `${text}${stack}\n`;
}

/** A pino destination that writes each line formatted (`formatLogLine`) to `out`. */
export function prettyDestination(out: { write(text: string): unknown }, colour: boolean): DestinationStream {
  return {
    write(line: string) {
      for (const one of line.split('\n')) if (one !== '') out.write(formatLogLine(one, colour));
    },
  };
}
