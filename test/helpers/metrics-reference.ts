import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import {
  type LeadTimeForChanges,
  type LeadTimeSummary,
  leadTimeFigure,
  type MetricDeployment,
  type MetricsInput,
  type MetricWindow,
  storedVerdict,
} from '../../src/metrics/index.js';
import { leadTimeSummaries } from '../../src/reports/lead-time-summaries.js';

// The reference the metrics tests compare the endpoints with: the figures of src/metrics over everything a
// project holds, and lead time read in one SQL pass. The server reads less (src/reports/load-window-input.ts).

const FINISHED = ['success', 'failure'] as const;

/**
 * The successful and failed production deployments of a project (or one repository), all of history, each with
 * its stored verdict and its brought commits' lead times in `leadTimesIn` (when given). The endpoints no longer read this much (see
 * `loadWindowInput`): it is the reference the tests compare them with, the figures of src/metrics over everything.
 */
export async function loadMetricsInput(
  db: Kysely<Database>,
  projectId: string,
  options: { repository?: string | undefined; leadTimesIn?: MetricWindow },
): Promise<MetricsInput> {
  let query = db
    .selectFrom('deployments as d')
    .innerJoin('environments as e', 'e.id', 'd.environment_id')
    .select([
      'd.id',
      'd.repository',
      'e.name as environment',
      'd.status',
      'd.finished_at',
      'd.change_failure',
      'd.commits_count',
      'd.failure_kinds',
      'd.rework_kind',
      'd.rework_override',
    ])
    .where('d.project_id', '=', projectId)
    .where('e.production', '=', 1)
    .where('d.status', 'in', FINISHED)
    .where('d.finished_at', 'is not', null);
  if (options.repository !== undefined) query = query.where('d.repository', '=', options.repository);
  const rows = await query.execute();
  const leadTimes = new Map<string, number[]>();
  if (options.leadTimesIn !== undefined) {
    let commits = db
      .selectFrom('deployment_commits')
      .select(['deployment_id', 'lead_time_seconds'])
      .where('project_id', '=', projectId)
      .where('finished_at', '>=', options.leadTimesIn.from)
      .where('finished_at', '<', options.leadTimesIn.to);
    if (options.repository !== undefined) commits = commits.where('repository', '=', options.repository);
    for (const c of await commits.execute()) {
      const list = leadTimes.get(c.deployment_id) ?? [];
      list.push(c.lead_time_seconds);
      leadTimes.set(c.deployment_id, list);
    }
  }
  const deployments: MetricDeployment[] = rows.map((r) => {
    const status = r.status as 'success' | 'failure';
    const changeFailure = r.change_failure === null ? null : r.change_failure === 1;
    return {
      id: r.id,
      repository: r.repository,
      environment: r.environment,
      production: true,
      status,
      finishedAt: r.finished_at,
      changeFailure,
      commitLeadTimes: r.commits_count === null ? null : (leadTimes.get(r.id) ?? []),
      ...storedVerdict({
        status,
        changeFailure,
        failureKinds: r.failure_kinds,
        reworkKind: r.rework_kind,
        reworkOverride: r.rework_override === null ? null : r.rework_override === 1,
      }),
    };
  });
  return { deployments };
}

/**
 * Lead time for changes in SQL over the cache of brought commits (`leadTimeSummaries`), the deployments that
 * brought them counted from `deployments.commits_count`. The endpoints compute the same from the pieces they
 * load anyway; tests prove it equals `leadTime` of src/metrics on both databases.
 */
export async function leadTimeInDatabase(
  db: Kysely<Database>,
  projectId: string,
  window: MetricWindow,
  repository?: string,
): Promise<LeadTimeForChanges> {
  const [summary] = await leadTimeSummaries(db, projectId, [window.from], window.to, repository);
  let brought = db
    .selectFrom('deployments as d')
    .innerJoin('environments as e', 'e.id', 'd.environment_id')
    .select((eb) => eb.fn.countAll<number>().as('deployments'))
    .where('d.project_id', '=', projectId)
    .where('e.production', '=', 1)
    .where('d.status', '=', 'success')
    .where('d.commits_count', '>', 0)
    .where('d.finished_at', '>=', window.from)
    .where('d.finished_at', '<', window.to);
  if (repository !== undefined) brought = brought.where('d.repository', '=', repository);
  const { deployments } = await brought.executeTakeFirstOrThrow();
  return leadTimeFigure(summary as LeadTimeSummary, Number(deployments));
}
