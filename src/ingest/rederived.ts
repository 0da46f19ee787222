import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CommitCandidate } from './delete-unlisted-commits.js';
import type { LineageType } from './lineage.js';

/** What a replay did to one record: stored it anew, corrected it, or found it as the current parser derives it. */
export interface Rederived {
  readonly result: 'stored' | 'corrected' | 'unchanged';
  /** The record's id. */
  readonly id: string;
  /** Commits the record no longer lists (its old list, or its old repository's): they may have lost their last lister. */
  readonly candidates: readonly CommitCandidate[];
}

/**
 * Whether a replay may rebuild a record from its webhook's kept bodies alone: the replay read every delivery of the
 * webhook that could have stored something (`complete`), and no other webhook delivered the record. Otherwise a
 * replay corrects what the bodies it read say, and keeps the rest.
 */
export async function rebuildsAlone(
  db: Kysely<Database>,
  input: { type: LineageType; recordId: string; webhookId: string; complete: boolean },
): Promise<boolean> {
  if (!input.complete) return false;
  const other = await db
    .selectFrom('lineage')
    .select(sql.lit(1).as('one'))
    .where('record_type', '=', input.type)
    .where('record_id', '=', input.recordId)
    .where('webhook_id', '<>', input.webhookId)
    .limit(1)
    .executeTakeFirst();
  return other === undefined;
}

/** The columns of `row` whose value differs in `target`: the update that makes the row the target. */
export function changesOf<T extends object>(row: T, target: Partial<T>): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(target) as (keyof T)[]) {
    if (row[key] !== target[key]) changes[key] = target[key];
  }
  return changes;
}
