import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DeploymentStatus, FailureCause, ProviderId } from '../domain/index.js';
import { environmentKey } from '../domain/index.js';
import { badRequest, notFound } from '../errors.js';
import { refreshStaleRepositories } from '../ingest/refresh-lead-times.js';
import { getProjectRow } from '../manage/projects.js';
import { storedVerdict } from '../metrics/index.js';
import { loadFailureCauses } from './deployment-causes.js';
import type { DeploymentView } from './deployment-views.js';
import { withoutExcludedLeadTimes } from './excluded-lead-times.js';
import { parseQueryBounds } from './query-bounds.js';

export type { DeploymentView } from './deployment-views.js';

export interface DeploymentQuery {
  from?: string | undefined;
  to?: string | undefined;
  environment?: string | undefined;
  repository?: string | undefined;
  production?: boolean | undefined;
  limit: number;
  before?: string | undefined;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom('deployments as d')
    .innerJoin('environments as e', 'e.id', 'd.environment_id')
    .select([
      'd.id',
      'd.provider',
      'd.repository',
      'e.name as environment',
      'e.production',
      'd.status',
      'd.sha',
      'd.ref',
      'd.started_at',
      'd.finished_at',
      'd.url',
      'd.commit_url',
      'd.change_failure',
      'd.commits_count',
      'd.commits_complete',
      'd.lead_time_seconds',
      'd.created_at',
      'd.failure_kinds',
      'd.rework_kind',
      'd.rework_of',
      'd.rework_override',
      // The earliest unrevoked webhook of its lineage (CONTRACT.md, Webhooks).
      (eb) =>
        eb
          .selectFrom('lineage as l')
          .innerJoin('webhooks as w', 'w.id', 'l.webhook_id')
          .select('l.webhook_id')
          .whereRef('l.record_id', '=', 'd.id')
          .where('l.record_type', '=', 'deployment')
          .where('w.revoked_at', 'is', null)
          .orderBy('l.created_at')
          .orderBy('w.created_at')
          .orderBy('l.webhook_id')
          .limit(1)
          .as('webhook_id'),
    ])
    .where('d.pending_delete', '=', 0);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function toView(r: Row, causes: ReadonlyMap<string, readonly FailureCause[]>): DeploymentView {
  const participates = r.status === 'success' && r.production === 1;
  const status = r.status as DeploymentStatus;
  const changeFailure = r.change_failure === null ? null : r.change_failure === 1;
  const reworkOverride = r.rework_override === null ? null : r.rework_override === 1;
  const verdict = storedVerdict({
    status,
    changeFailure,
    failureKinds: r.failure_kinds,
    reworkKind: r.rework_kind,
    reworkOverride,
  });
  return {
    id: r.id,
    webhookId: r.webhook_id ?? null,
    // Written only from these lists (src/providers, src/ingest); the columns are plain text.
    provider: r.provider as ProviderId,
    repository: r.repository,
    environment: r.environment,
    production: r.production === 1,
    status,
    sha: r.sha,
    ref: r.ref,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    url: r.url,
    commitUrl: r.commit_url,
    changeFailure,
    commits: participates ? r.commits_count : null,
    commitsComplete: r.commits_complete === 1,
    leadTimeSeconds: participates ? r.lead_time_seconds : null,
    failedChange: verdict.failedChange,
    failureCauses: [...(causes.get(r.id) ?? [])],
    // `of` is the automatic rework's; a person's true without one is `manual` of nothing.
    rework:
      verdict.rework === null ? null : { kind: verdict.rework.kind, of: r.rework_kind === null ? null : r.rework_of },
    reworkOverride,
  };
}

async function toViews(db: Kysely<Database>, rows: readonly Row[]): Promise<DeploymentView[]> {
  const causes = await loadFailureCauses(
    db,
    rows.filter((r) => r.failure_kinds !== null).map((r) => r.id),
  );
  return rows.map((r) => toView(r, causes));
}

/** Sort key: finished deployments by finishedAt, unfinished ones by start. Cursor: `<key>.<id>`. */
const sortKey = sql<number>`coalesce(d.finished_at, d.started_at, d.created_at)`;

export async function listDeployments(
  db: Kysely<Database>,
  projectId: string,
  q: DeploymentQuery,
): Promise<DeploymentPage> {
  const project = await getProjectRow(db, projectId);
  await refreshStaleRepositories(db, projectId);
  const filter = { environment: q.environment, repository: q.repository, production: q.production };
  return readDeploymentPage(db, projectId, { ...filter, ...parseQueryBounds(q, project.time_zone) }, q);
}

export interface DeploymentFilter {
  /** Epoch ms: `finishedAt` at or after it. */
  from?: number | undefined;
  /** Epoch ms: `finishedAt` before it. */
  to?: number | undefined;
  environment?: string | undefined;
  repository?: string | undefined;
  production?: boolean | undefined;
}

export interface DeploymentPage {
  deployments: DeploymentView[];
  nextCursor: string | null;
}

/**
 * One page of a project's deployments, newest first (keyset on the sort key and id; `before` is the previous
 * page's `nextCursor`). The project is known to exist and its cache fresh: `listDeployments` and the CSV export
 * (src/reports/csv-deployments.ts) read their pages through here, so both answer the same rows.
 */
export async function readDeploymentPage(
  db: Kysely<Database>,
  projectId: string,
  filter: DeploymentFilter,
  page: { limit: number; before?: string | undefined },
): Promise<DeploymentPage> {
  // With a window every row has finished, so the sort key is `finished_at`: the index by project, finish time and id
  // then yields the rows in order and a page reads only its own (the coalesce sorts the whole list each page).
  const key = filter.from !== undefined || filter.to !== undefined ? sql<number>`d.finished_at` : sortKey;
  let query = baseQuery(db).select(key.as('sort_key')).where('d.project_id', '=', projectId);
  if (filter.from !== undefined) query = query.where('d.finished_at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('d.finished_at', '<', filter.to);
  if (filter.environment !== undefined) query = query.where('e.name_key', '=', environmentKey(filter.environment));
  if (filter.repository !== undefined) query = query.where('d.repository', '=', filter.repository);
  if (filter.production !== undefined) query = query.where('e.production', '=', filter.production ? 1 : 0);
  if (page.before !== undefined) {
    const match = /^(\d+)\.(.+)$/.exec(page.before);
    if (match === null) throw badRequest('before must be the nextCursor of a previous page.');
    const at = Number(match[1]);
    const id = match[2] as string;
    query = query
      .where((eb) => eb(key, '<=', at))
      .where((eb) => eb.or([eb(key, '<', at), eb.and([eb(key, '=', at), eb('d.id', '<', id)])]));
  }
  const rows = await query
    .orderBy(key, 'desc')
    .orderBy('d.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const kept = rows.slice(0, page.limit);
  const last = kept.at(-1);
  return {
    deployments: await withoutExcludedLeadTimes(db, projectId, await toViews(db, kept)),
    nextCursor: rows.length > page.limit && last !== undefined ? `${Number(last.sort_key)}.${last.id}` : null,
  };
}

export async function getDeployment(db: Kysely<Database>, id: string): Promise<DeploymentView> {
  const owner = await db.selectFrom('deployments').select('project_id').where('id', '=', id).executeTakeFirst();
  if (owner === undefined) throw notFound(`Deployment ${id} does not exist.`);
  await refreshStaleRepositories(db, owner.project_id);
  const row = await baseQuery(db).where('d.id', '=', id).executeTakeFirst();
  if (row === undefined) throw notFound(`Deployment ${id} does not exist.`);
  const [view] = await withoutExcludedLeadTimes(db, owner.project_id, await toViews(db, [row]));
  return view as DeploymentView;
}
