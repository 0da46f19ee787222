import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { DatabaseHandle } from '../create-db.js';
import { openSqliteConnection, sqliteKysely } from '../create-db.js';
import { attachDialect } from '../dialect/dialect.js';
import { sqliteDialect } from '../dialect/sqlite.js';
import type { Database } from '../schema.js';
import { WriterClient } from './thread-client.js';
import { LocalReads, type Reads, ThreadReads, WriterThreadDriver } from './thread-driver.js';

/**
 * The script the thread runs: the entry's compiled `.js`; from the TypeScript sources (the tests), a boot file
 * that loads TypeScript (tsx, a development dependency) and then the entry.
 */
function threadScript(entry: URL): { script: URL; entry: string } {
  if (existsSync(fileURLToPath(entry))) return { script: entry, entry: entry.href };
  const source = new URL(entry.href.replace(/\.js$/, '.ts'));
  if (!existsSync(fileURLToPath(source)))
    throw new Error(`The SQLite writer thread's module is missing: ${entry.href}`);
  return { script: new URL('./boot.mjs', import.meta.url), entry: source.href };
}

/** The embedded database with its writes on a thread of their own (src/db/create-db.ts, `openSqlite`). */
export function openThreadedSqlite(filename: string, synchronous: 'full' | 'normal', entry: URL): DatabaseHandle {
  const { script, entry: entryHref } = threadScript(entry);
  const client = new WriterClient({ filename, synchronous, entry: entryHref }, script);
  const readerThread = threadScript(new URL('./reader-thread.js', import.meta.url));
  const readerClient = new WriterClient(
    { filename, synchronous, entry: readerThread.entry },
    readerThread.script,
    'reader',
  );
  const local = openSqliteConnection(filename, synchronous);
  client.start();
  const dialect = (reads: Reads, ownsWriter: boolean) => ({
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new WriterThreadDriver(client, reads, ownsWriter),
    createIntrospector: (kysely: Kysely<Database>) => new SqliteIntrospector(kysely),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  });
  const db = new Kysely<Database>({ dialect: dialect(new LocalReads(local), true) });
  attachDialect(db, sqliteDialect);
  // The same writer and the same adapter (so the same dialect, prepared queries and refresh chains, which are kept
  // per adapter), with the selects outside a transaction on the reader thread.
  const reportsDriver = new WriterThreadDriver(client, new ThreadReads(readerClient), false);
  const reportsDialect = dialect(new ThreadReads(readerClient), false);
  const reports = new Kysely<Database>({
    config: { dialect: reportsDialect },
    dialect: reportsDialect,
    driver: reportsDriver,
    executor: db.getExecutor().withConnectionProvider({
      async provideConnection(consume) {
        return consume(await reportsDriver.acquireConnection());
      },
    }),
  });
  const reader = sqliteKysely(local);
  return {
    db,
    reader,
    reports,
    dialect: sqliteDialect,
    location: filename,
    runJob: (kind, payload) => client.job(kind, payload),
    close: async () => {
      await reportsDriver.destroy();
      await db.destroy();
    },
  };
}
