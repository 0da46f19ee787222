import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { type Actor, recordAudit } from '../manage/audit.js';
import { type DeploymentView, getDeployment } from './deployments.js';

/** `PATCH /api/deployments/:id`: the person's judgements; a key left out keeps its value. */
export interface DeploymentMarks {
  readonly changeFailure?: boolean | null | undefined;
  readonly rework?: boolean | null | undefined;
}

const toColumn = (value: boolean | null) => (value === null ? null : value ? 1 : 0);

/**
 * A person's judgements of a deployment (CONTRACT.md version 2): `changeFailure` on a successful or failed one (it
 * wins over the automatic causes in the verdict), `rework` (`reworkOverride`) on a successful one only, since only a
 * successful deployment can be rework (docs/METRICS.md); 409 otherwise, nothing written. Both are read at read time
 * over the stored causes, so nothing is recomputed. Audited, one entry per judgement.
 */
export async function markDeployment(
  db: Kysely<Database>,
  input: { id: string; marks: DeploymentMarks; actor: Actor; now: number },
): Promise<DeploymentView> {
  const { changeFailure, rework } = input.marks;
  if (changeFailure === undefined && rework === undefined) {
    throw badRequest('The body must hold changeFailure or rework (true, false or null).');
  }
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('deployments')
      .select(['status', 'project_id'])
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (row === undefined) throw notFound(`Deployment ${input.id} does not exist.`);
    if (changeFailure !== undefined && row.status !== 'success' && row.status !== 'failure') {
      throw conflict(`Deployment ${input.id} is ${row.status}: only a successful or failed deployment can be marked.`);
    }
    if (rework !== undefined && row.status !== 'success') {
      throw conflict(`Deployment ${input.id} is ${row.status}: only a successful deployment can be rework.`);
    }
    const audit = {
      actor: input.actor,
      targetType: 'deployment' as const,
      targetId: input.id,
      projectId: row.project_id,
    };
    if (changeFailure !== undefined) {
      await trx
        .updateTable('deployments')
        .set({ change_failure: toColumn(changeFailure) })
        .where('id', '=', input.id)
        .execute();
      await recordAudit(trx, { ...audit, action: 'deployment.change_failure_marked' }, input.now);
    }
    if (rework !== undefined) {
      await trx
        .updateTable('deployments')
        .set({ rework_override: toColumn(rework) })
        .where('id', '=', input.id)
        .execute();
      await recordAudit(trx, { ...audit, action: 'deployment.rework_marked' }, input.now);
    }
  });
  return getDeployment(db, input.id);
}
