import pino, { type Logger } from 'pino';

/**
 * Header and field paths that must never reach a log line: credentials, cookies, webhook secrets and
 * signatures. Request bodies are never logged at all.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-hub-signature"]',
  'req.headers["x-gitlab-token"]',
  'req.headers["x-azure-token"]',
  'req.headers["x-shipwatch-signature-256"]',
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
