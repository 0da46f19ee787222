import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { type CommitCandidate, commitCandidates, deleteUnlistedCommits } from './delete-unlisted-commits.js';
import { orphansOf } from './finish-revoke.js';
import { markIncidentsStale } from './mark-incidents-stale.js';
import { markRepositoriesStale } from './mark-stale.js';
import { markVerdictsStale } from './mark-verdicts-stale.js';

/** The records a replay derived, by type: every other record only its webhook delivered is no longer derived. */
export interface DerivedIds {
  readonly deployment: ReadonlySet<string>;
  readonly push: ReadonlySet<string>;
  readonly pull_request: ReadonlySet<string>;
  readonly incident: ReadonlySet<string>;
}

/** Records removed per transaction: the receiver gets the writer between batches. */
const BATCH = 200;

/**
 * Replay: removes the records that only the replayed webhook delivered (no other unrevoked webhook is in their
 * lineage) and that the current parser no longer derives from its kept bodies, with their lineage: deployments (and
 * their status events and listed commits; an incident a person linked to one returns to automatic attribution),
 * pushes, pull requests, incidents, then the commits no push or deployment lists any more. Called only when the
 * replay read every delivery of the webhook that could have stored something. Returns how many records went.
 */
export async function removeUnderived(
  db: Kysely<Database>,
  input: { projectId: string; webhookId: string; derived: DerivedIds; candidates: readonly CommitCandidate[] },
): Promise<number> {
  const { projectId, webhookId } = input;
  const candidates = new Map(input.candidates.map((c) => [`${c.repository}\n${c.sha}`, c]));
  const addCandidates = (rows: { repository: string | null; sha: string }[]) => {
    for (const c of commitCandidates(rows)) candidates.set(`${c.repository}\n${c.sha}`, c);
  };
  let removed = 0;
  for (const type of ['deployment', 'push', 'pull_request', 'incident'] as const) {
    const ids = (await orphansOf(db, webhookId, type).execute())
      .map((r) => r.record_id)
      .filter((id) => !input.derived[type].has(id));
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      removed += await db.transaction().execute(async (trx) => {
        const gone = await removeRecords(trx, { projectId, type, ids: batch });
        addCandidates(gone.candidates);
        await trx.deleteFrom('lineage').where('record_type', '=', type).where('record_id', 'in', batch).execute();
        return gone.count;
      });
    }
  }
  // Lineage of status events no longer there (their deployment was removed, or rows were deleted by hand).
  await db
    .deleteFrom('lineage')
    .where('webhook_id', '=', webhookId)
    .where('record_type', '=', 'deployment_event')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('deployment_events as e').select(sql.lit(1).as('one')).whereRef('e.id', '=', 'lineage.record_id'),
        ),
      ),
    )
    .execute();
  const pending = [...candidates.values()];
  for (let i = 0; i < pending.length; i += BATCH) {
    await db.transaction().execute((trx) => deleteUnlistedCommits(trx, projectId, pending.slice(i, i + BATCH)));
  }
  return removed;
}

async function removeRecords(
  trx: Kysely<Database>,
  input: { projectId: string; type: keyof DerivedIds; ids: string[] },
): Promise<{ count: number; candidates: { repository: string | null; sha: string }[] }> {
  const { projectId, ids } = input;
  switch (input.type) {
    case 'deployment': {
      const repositories = await trx
        .selectFrom('deployments')
        .select('repository')
        .distinct()
        .where('id', 'in', ids)
        .execute();
      const candidates = await trx
        .selectFrom('deployment_listed_commits as dl')
        .innerJoin('deployments as d', 'd.id', 'dl.deployment_id')
        .select(['d.repository', 'dl.sha'])
        .where('dl.deployment_id', 'in', ids)
        .execute();
      const events = trx.selectFrom('deployment_events').select('id').where('deployment_id', 'in', ids);
      await trx
        .deleteFrom('lineage')
        .where('record_type', '=', 'deployment_event')
        .where('record_id', 'in', events)
        .execute();
      await trx
        .updateTable('incidents')
        .set({ manual_link: 0, manual_deployment_id: null })
        .where('project_id', '=', projectId)
        .where('manual_deployment_id', 'in', ids)
        .execute();
      // The webhook's duplicate deliveries of them (no body kept, so not replayed) would link to nothing.
      await trx.updateTable('deliveries').set({ deployment_id: null }).where('deployment_id', 'in', ids).execute();
      const result = await trx.deleteFrom('deployments').where('id', 'in', ids).executeTakeFirst();
      const names = repositories.map((r) => r.repository);
      await markRepositoriesStale(
        trx,
        projectId,
        names.filter((r): r is string => r !== null),
        0,
      );
      await markVerdictsStale(trx, projectId, names);
      return { count: Number(result.numDeletedRows), candidates };
    }
    case 'push': {
      const candidates = await trx
        .selectFrom('push_commits as pc')
        .innerJoin('pushes as p', 'p.id', 'pc.push_id')
        .select(['p.repository', 'pc.sha'])
        .where('pc.push_id', 'in', ids)
        .execute();
      const repositories = await trx
        .selectFrom('pushes')
        .select('repository')
        .distinct()
        .where('id', 'in', ids)
        .execute();
      const result = await trx.deleteFrom('pushes').where('id', 'in', ids).executeTakeFirst();
      await markRepositoriesStale(
        trx,
        projectId,
        repositories.map((r) => r.repository),
        0,
      );
      return { count: Number(result.numDeletedRows), candidates };
    }
    case 'pull_request': {
      const repositories = await trx
        .selectFrom('pull_requests')
        .select('repository')
        .distinct()
        .where('id', 'in', ids)
        .execute();
      const result = await trx.deleteFrom('pull_requests').where('id', 'in', ids).executeTakeFirst();
      await markRepositoriesStale(
        trx,
        projectId,
        repositories.map((r) => r.repository),
        0,
      );
      return { count: Number(result.numDeletedRows), candidates: [] };
    }
    case 'incident': {
      await trx.deleteFrom('incident_events').where('incident_id', 'in', ids).execute();
      for (const id of ids) {
        await trx
          .deleteFrom('lineage')
          .where('record_type', '=', 'incident_event')
          .where('record_id', 'like', `${id}:%`)
          .execute();
      }
      const result = await trx.deleteFrom('incidents').where('id', 'in', ids).executeTakeFirst();
      if (Number(result.numDeletedRows) > 0) await markIncidentsStale(trx, projectId);
      return { count: Number(result.numDeletedRows), candidates: [] };
    }
  }
}
