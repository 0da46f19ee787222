import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL for the reliability suite: SHIPWATCH_TEST_DATABASE_URL points at a database the suite may use to
 * create and drop scratch databases (`shipwatch_rel_<random>`), one per test, never touching the cluster itself.
 * Without it, PostgreSQL tests skip with a visible message; with SHIPWATCH_REQUIRE_POSTGRES=1 they fail instead.
 */
export const POSTGRES_URL = process.env.SHIPWATCH_TEST_DATABASE_URL;
const REQUIRE_POSTGRES = process.env.SHIPWATCH_REQUIRE_POSTGRES === '1';

/** Whether PostgreSQL tests run; prints why not when they skip, throws when they must run. */
export function postgresAvailable(what: string): boolean {
  if (POSTGRES_URL !== undefined) return true;
  if (REQUIRE_POSTGRES)
    throw new Error(`SHIPWATCH_REQUIRE_POSTGRES=1 but SHIPWATCH_TEST_DATABASE_URL is not set: ${what} cannot run.`);
  console.warn(`\n[shipwatch reliability] SHIPWATCH_TEST_DATABASE_URL is not set: ${what} is SKIPPED.\n`);
  return false;
}

export interface ScratchDatabase {
  readonly name: string;
  /** The URL of the scratch database, with host and port optionally replaced (a proxy's). */
  url(host?: string, port?: number): string;
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function createScratchDatabase(): Promise<ScratchDatabase> {
  if (POSTGRES_URL === undefined) throw new Error('SHIPWATCH_TEST_DATABASE_URL is not set');
  const name = `shipwatch_rel_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const urlOf = (host?: string, port?: number) => {
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    if (host !== undefined) url.hostname = host;
    if (port !== undefined) url.port = String(port);
    return url.toString();
  };
  const reader = new pg.Pool({ connectionString: urlOf(), max: 2 });
  reader.on('error', () => {});
  return {
    name,
    url: urlOf,
    async query(text, values) {
      return (await reader.query(text, values)).rows;
    },
    async drop() {
      await reader.end();
      const cleanup = new pg.Client({ connectionString: POSTGRES_URL });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
