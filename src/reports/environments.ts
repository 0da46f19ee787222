import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { environmentKey } from '../domain/index.js';
import { badRequest } from '../errors.js';
import { newId } from '../ids.js';
import { markProjectVerdictsStale } from '../ingest/mark-verdicts-stale.js';
import { markProjectStale } from '../ingest/refresh-lead-times.js';
import { getProjectRow } from '../manage/projects.js';

export interface EnvironmentView {
  name: string;
  production: boolean;
  deployments: number;
  lastDeploymentAt: string | null;
}

/** Every environment seen (or set in advance), with its production mark, deployment count and last finish. */
export async function listEnvironments(db: Kysely<Database>, projectId: string): Promise<EnvironmentView[]> {
  await getProjectRow(db, projectId);
  const rows = await db
    .selectFrom('environments as e')
    .leftJoin('deployments as d', (join) => join.onRef('d.environment_id', '=', 'e.id').on('d.pending_delete', '=', 0))
    .select(({ fn }) => [
      'e.name',
      'e.production',
      fn.count<number>('d.id').as('deployments'),
      fn.max('d.finished_at').as('last'),
    ])
    .where('e.project_id', '=', projectId)
    .groupBy(['e.id', 'e.name', 'e.production'])
    .orderBy('e.name')
    .execute();
  return rows.map((r) => ({
    name: r.name,
    production: r.production === 1,
    deployments: Number(r.deployments),
    lastDeploymentAt: r.last === null ? null : new Date(Number(r.last)).toISOString(),
  }));
}

/**
 * PUT an environment's production mark: it always wins, creates an environment not seen yet, and no later
 * delivery changes it. Every figure follows at once, history included: the lead-time cache is recomputed.
 */
export async function setProduction(
  db: Kysely<Database>,
  input: { projectId: string; name: string; production: boolean; now: number },
): Promise<EnvironmentView> {
  const name = input.name.trim();
  if (name === '' || [...name].length > 255) throw badRequest('name must be 1 to 255 characters.');
  await db.transaction().execute(async (trx) => {
    await getProjectRow(trx, input.projectId);
    const key = environmentKey(name);
    const existing = await trx
      .selectFrom('environments')
      .select(['id', 'production'])
      .where('project_id', '=', input.projectId)
      .where('name_key', '=', key)
      .executeTakeFirst();
    if (existing === undefined) {
      await trx
        .insertInto('environments')
        .values({
          id: newId('env'),
          project_id: input.projectId,
          name,
          name_key: key,
          production: input.production ? 1 : 0,
          production_set_by_user: 1,
          created_at: input.now,
        })
        .onConflict((oc) =>
          oc
            .columns(['project_id', 'name_key'])
            .doUpdateSet({ production: input.production ? 1 : 0, production_set_by_user: 1 }),
        )
        .execute();
    } else {
      await trx
        .updateTable('environments')
        .set({ production: input.production ? 1 : 0, production_set_by_user: 1 })
        .where('id', '=', existing.id)
        .execute();
    }
    if (existing === undefined || existing.production !== (input.production ? 1 : 0)) {
      await markProjectStale(trx, input.projectId);
      await markProjectVerdictsStale(trx, input.projectId);
    }
  });
  const all = await listEnvironments(db, input.projectId);
  const found = all.find((e) => environmentKey(e.name) === environmentKey(name));
  if (found === undefined) throw new Error('environment vanished after PUT');
  return found;
}
