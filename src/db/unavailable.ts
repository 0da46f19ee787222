import { WRITER_GONE } from './sqlite-thread/protocol.js';

/**
 * Whether an error means the database cannot be reached or is too busy right now (a retry may work),
 * rather than a bug: the HTTP layer answers those 503 (Azure DevOps retries 503; the delivery log of
 * GitHub and GitLab shows the gap for a manual redelivery).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(code))
      return true;
    // PostgreSQL: connection exceptions (08...), operator intervention (57P..), too many connections, cannot connect now.
    if (/^08/.test(code) || /^57P0[1-3]$/.test(code) || code === '53300' || code === '57P03') return true;
    // SQLite: the database is locked by another writer for longer than the busy timeout.
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_IOERR' || code === 'SQLITE_FULL') return true;
    // The SQLite writer thread stopped (src/db/sqlite-thread/); the next request starts a new one.
    if (code === WRITER_GONE) return true;
  }
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|connection timeout/i.test(
    error.message,
  );
}
