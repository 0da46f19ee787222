import pino, { type Logger } from 'pino';
import { prettyDestination } from './pretty-log.js';
import { providers } from './providers/registry.js';

/** Every header a provider's record says carries a secret, token or signature (`headers.secret`). */
const PROVIDER_SECRET_HEADERS = [...new Set(Object.values(providers).flatMap((p) => p.headers.secret))];

/**
 * Header and field paths that must never reach a log line: credentials, cookies, webhook secrets and
 * signatures (the providers' records name theirs). Request bodies are never logged at all.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  ...PROVIDER_SECRET_HEADERS.map((name) => `req.headers["${name}"]`),
  'res.headers["set-cookie"]',
  'secret',
  'token',
  '*.secret',
  '*.token',
];

/**
 * The one logger. With no destination it writes to standard output: JSON lines, or, when standard output is a
 * terminal (a person starting it by hand; never under a process manager, a container log driver or the tests),
 * the same lines made readable (src/pretty-log.ts).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const out = destination ?? (process.stdout.isTTY === true ? prettyDestination(process.stdout, true) : undefined);
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, out);
}

export type { Logger };
