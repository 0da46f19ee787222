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

/** A Kysely plugin that counts the statements run through the instance it is plugged into (`db.withPlugin`). */
export function statementCounter(): KyselyPlugin & { count: number } {
  const counter = {
    count: 0,
    transformQuery: ({ node }: Parameters<KyselyPlugin['transformQuery']>[0]) => {
      counter.count += 1;
      return node;
    },
    transformResult: async ({ result }: Parameters<KyselyPlugin['transformResult']>[0]) => result,
  };
  return counter;
}
