import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database, EnvironmentsTable } from '../db/schema.js';
import { environmentKey } from '../domain/index.js';
import { newId } from '../ids.js';

/** The production default when nothing else says: the names `production` and `prod`, ignoring case. */
export function defaultProduction(name: string, hint: boolean | null): boolean {
  if (hint !== null) return hint;
  const key = environmentKey(name);
  return key === 'production' || key === 'prod';
}

const selectEnvironment = prepared<Pick<EnvironmentsTable, 'project_id' | 'name_key'>, EnvironmentsTable>((db, p) =>
  db
    .selectFrom('environments')
    .select(['id', 'project_id', 'name', 'name_key', 'production', 'production_set_by_user', 'created_at'])
    .where('project_id', '=', p('project_id'))
    .where('name_key', '=', p('name_key')),
);

/**
 * The environment a delivery names, created at first sight with its production default, decided once: a later
 * delivery never changes it (only a PUT does). Keeps the spelling first seen.
 */
export async function ensureEnvironment(
  db: Kysely<Database>,
  input: { projectId: string; name: string; productionHint: boolean | null; now: number },
): Promise<EnvironmentsTable> {
  const nameKey = environmentKey(input.name);
  const key = { project_id: input.projectId, name_key: nameKey };
  const existing = (await selectEnvironment.run(db, key)).rows[0];
  if (existing !== undefined) return existing;
  await db
    .insertInto('environments')
    .values({
      id: newId('env'),
      project_id: input.projectId,
      name: input.name.trim(),
      name_key: nameKey,
      production: defaultProduction(input.name, input.productionHint) ? 1 : 0,
      production_set_by_user: 0,
      created_at: input.now,
    })
    .onConflict((oc) => oc.columns(['project_id', 'name_key']).doNothing())
    .execute();
  const created = (await selectEnvironment.run(db, key)).rows[0];
  if (created === undefined) throw new Error(`The environment ${nameKey} is not there after its insert`);
  return created;
}
