import type { Kysely, RawBuilder, SelectQueryBuilder } from 'kysely';
import type { LeadTimeSummary } from '../../metrics/lead-time.js';
import type { Database } from '../schema.js';

/** The brought commits (`deployment_commits`) of one project over [starts[0], to), perhaps of one repository. */
// biome-ignore lint/complexity/noBannedTypes: Kysely's own type for a query that selects nothing yet
export type CommitScope = SelectQueryBuilder<Database, 'deployment_commits', {}>;

/** The same brought commits (`CommitScope`), narrowed to those whose deployment finished in [from, to) and no other bounds. */
export type CommitScopeOf = (from: number, to: number) => CommitScope;

/**
 * Everything that differs between SQLite and PostgreSQL, in one place (src/db/dialect/sqlite.ts and postgres.ts).
 * The database is chosen once, in src/db/create-db.ts, which puts its dialect on the handle
 * (`DatabaseHandle.dialect`) and on every Kysely instance it opens (`dialectOf`). Code outside src/db asks the
 * dialect what to do; it never asks which database it is.
 *
 * What does not differ: `ON CONFLICT ... DO NOTHING` (the upserts of src/ingest and src/manage) and
 * `numAffectedRows` behave the same on both, and int8 and numeric come back as numbers on both (create-db.ts).
 */
export interface Dialect {
  /**
   * How the write queue's group commit runs a batch (src/db/write-queue.ts); either way the batch is one transaction
   * and one commit. `savepoints` (SQLite: one writer whose statements run synchronously): the jobs one after
   * another, each in a savepoint of its own. `interleaved` (PostgreSQL: every statement a round trip): the jobs
   * at once on one connection, which sends the statements they issue together in one round trip
   * (src/db/statement-batch.ts); if any job fails, the batch is rolled back and each job runs again in a
   * transaction of its own.
   */
  readonly groupCommit: 'savepoints' | 'interleaved';
  /**
   * Whether a row that a write decides on (the webhook's revoked state) is read `FOR SHARE` inside the
   * transaction: concurrent PostgreSQL writers need the lock; SQLite's single writer already excludes the others.
   */
  readonly locksRowsForShare: boolean;
  /** Whether the prepared queries run as named statements per connection (src/db/prepared.ts). */
  readonly namesPreparedStatements: boolean;
  /**
   * Whether the figures' reads cut a long window into statements over stretches of time (`inStretches` of
   * src/db/read-stretches.ts), with the event loop offered a turn between them: SQLite's statements run on the main
   * thread and hold every other request while they run; PostgreSQL's do not, and read the whole window at once.
   */
  readonly readsInStretches: boolean;
  /**
   * The schema Kysely's migrator keeps its tables in (src/db/migrate.ts), undefined where there are no schemas:
   * told nothing, it looks in every schema, and another schema holding them made it skip creating its own.
   */
  migrationTableSchema(db: Kysely<Database>): Promise<string | undefined>;
  /**
   * The selected rows as one JSON array of arrays, built by the database (`json_agg` / `json_group_array`). The
   * drivers make an object per row (about 1 µs each, more than the query itself for a year of deployments); one
   * JSON text is parsed far faster. Read the result with `parseJsonRows`.
   */
  jsonRows(columns: readonly string[]): RawBuilder<unknown>;
  /** The rows of a `jsonRows` column (none when nothing matched). */
  parseJsonRows<Row>(value: unknown): Row[];
  /**
   * Count and median lead time of the commits of `scopeOf` that finished in each bucket [starts[i], starts[i + 1]),
   * the last one ending at `to`. `starts` is not empty. `scopeOf(from, to)` narrows the commits to [from, to):
   * PostgreSQL reads [starts[0], to) in one statement; SQLite in stretches (`inStretches`) of about
   * `charactersPerStatement` characters of lead times.
   */
  leadTimeSummaries(
    scopeOf: CommitScopeOf,
    starts: readonly number[],
    to: number,
    charactersPerStatement: number,
  ): Promise<LeadTimeSummary[]>;
  /**
   * After a large build of the caches (src/ingest/refresh-lead-times.ts): the planner's statistics of the tables
   * it wrote and read brought up to date. PostgreSQL plans from them, and a table just filled in bulk looks empty
   * until autovacuum analyzes it (a minute or more later): the verdicts' join of the fresh `deployment_commits`
   * with `commits` ran as a nested loop over every pair and passed the 5 s query timeout. SQLite's planner reads
   * statistics only once ANALYZE has run, and Shipwatch never runs it there: nothing to do.
   */
  refreshStatistics(db: Kysely<Database>, tables: readonly (keyof Database)[]): Promise<void>;
}

const byAdapter = new WeakMap<object, Dialect>();

/** Records `dialect` as the one of `db` and of its transactions and savepoints (they share its adapter). */
export function attachDialect(db: Kysely<Database>, dialect: Dialect): void {
  byAdapter.set(db.getExecutor().adapter, dialect);
}

/** The dialect of `db` (a connection, transaction or savepoint opened by src/db/create-db.ts). */
export function dialectOf(db: Kysely<Database>): Dialect {
  const dialect = byAdapter.get(db.getExecutor().adapter);
  if (dialect === undefined) throw new Error('This Kysely instance was not opened by src/db/create-db.ts');
  return dialect;
}
