import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import { dialectOf } from './dialect/dialect.js';
import type { Database } from './schema.js';

/** Marks a placeholder among a compiled query's parameters; a NUL never reaches the database (without-nul.ts). */
const MARK = '\u0000shipwatch-param:';

/**
 * The SQL texts of prepared queries compiled for PostgreSQL, by text, with the statement name the connection
 * prepares them under (src/db/create-db.ts): PostgreSQL then parses and plans each once per connection instead
 * of for every delivery.
 */
export const postgresStatementNames = new Map<string, string>();

type Slot = { readonly name: string } | { readonly value: unknown };

interface Compiled<R> {
  readonly query: CompiledQuery<R>;
  readonly slots: readonly Slot[];
}

/** Names a value given at run time; typed as the value, so the query builder checks it like any other. */
export type Param<P> = <K extends keyof P & string>(name: K) => P[K];

export interface PreparedQuery<P, R> {
  /** Runs the query on `db` (a connection, transaction or savepoint) with these values. */
  run(db: Kysely<Database>, params: P): Promise<QueryResult<R>>;
}

/**
 * A query built with Kysely's builder once, compiled once per dialect, then run many times with new values.
 *
 * The receiver runs the same dozen statements for every delivery; building and compiling each anew took about a
 * fifth of its CPU time under load (docs/PERFORMANCE.md). Here the builder is given placeholders instead of
 * values: each placeholder becomes a bound parameter of the compiled SQL, and a run substitutes the values in
 * those positions. A placeholder that the builder inlined into the SQL text, or that never became a parameter,
 * is a bug in the query and fails loudly at its first run. This is Kysely's own "compile once, execute many"
 * recipe (`db.executeQuery(compiledQuery)`), with named values.
 */
export function prepared<P extends object, R = unknown>(
  build: (db: Kysely<Database>, param: Param<P>) => Compilable<R>,
): PreparedQuery<P, R> {
  // The compiled text depends on the dialect only; transactions and savepoints share their root's adapter.
  const byAdapter = new WeakMap<object, Compiled<R>>();

  function compile(db: Kysely<Database>): Compiled<R> {
    const named = new Set<string>();
    const param = ((name: string) => {
      named.add(name);
      return `${MARK}${name}`;
    }) as Param<P>;
    const query = build(db, param).compile();
    if (query.sql.includes(MARK)) throw new Error(`A placeholder was inlined into the SQL text: ${query.sql}`);
    // On PostgreSQL a prepared statement whose result gains a column (a migration run by a newer process) fails
    // with "cached plan must not change result type": a prepared query names its columns.
    if (/\b(select|returning) (\S+\.)?\*/i.test(query.sql))
      throw new Error(`A prepared query must name its columns, not select *: ${query.sql}`);
    const slots = query.parameters.map(
      (value): Slot =>
        typeof value === 'string' && value.startsWith(MARK) ? { name: value.slice(MARK.length) } : { value },
    );
    for (const name of named) {
      if (!slots.some((slot) => 'name' in slot && slot.name === name))
        throw new Error(`The placeholder ${name} is not a bound parameter of: ${query.sql}`);
    }
    if (dialectOf(db).namesPreparedStatements && !postgresStatementNames.has(query.sql))
      postgresStatementNames.set(query.sql, `shipwatch_${postgresStatementNames.size + 1}`);
    return { query, slots };
  }

  return {
    async run(db, params) {
      const adapter = db.getExecutor().adapter;
      let compiled = byAdapter.get(adapter);
      if (compiled === undefined) {
        compiled = compile(db);
        byAdapter.set(adapter, compiled);
      }
      const parameters = compiled.slots.map((slot) => {
        if (!('name' in slot)) return slot.value;
        const value = (params as Record<string, unknown>)[slot.name];
        if (value === undefined) throw new Error(`No value for the placeholder ${slot.name}`);
        return value;
      });
      return db.executeQuery({ ...compiled.query, parameters });
    },
  };
}
