import pino, { type Logger } from 'pino';
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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}

export type { Logger };
