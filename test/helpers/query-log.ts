import type { KyselyPlugin } from 'kysely';
import type { DatabaseHandle } from '../../src/db/create-db.js';

export interface QueryLog {
  /** The same database, every statement run through `handle.db` recorded. */
  readonly handle: DatabaseHandle;
  /** The SQL of each statement run since the last `clear`, in order. */
  readonly sql: string[];
  /** How many of them match `pattern`. */
  count(pattern: RegExp): number;
  clear(): void;
}

/**
 * A handle whose `db` records the SQL of every statement it runs (a Kysely plugin on the same connection, so it
 * runs on the real database): tests count queries, never time them.
 */
export function logQueries(handle: DatabaseHandle): QueryLog {
  const sql: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      sql.push(handle.db.getExecutor().compileQuery(args.node, args.queryId).sql);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return {
    handle: { ...handle, db: handle.db.withPlugin(plugin) },
    sql,
    count: (pattern) => sql.filter((text) => pattern.test(text)).length,
    clear: () => {
      sql.length = 0;
    },
  };
}
