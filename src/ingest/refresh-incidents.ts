import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { IssueFacts, ProjectSettings } from '../domain/index.js';
import { incidentCauseDetail } from '../metrics/incident-cause-detail.js';
import { incidentLabelsKey, issueNotIncidentReason } from '../metrics/issue-incident.js';
import { attributeIncidents } from './attribute-incidents.js';
import { markVerdictsStale, repositoryKey } from './mark-verdicts-stale.js';

/** The `incident` causes the verdicts must hold: per deployment id, the incidents attributed to it and each detail. */
export interface IncidentCauses {
  readonly byDeployment: ReadonlyMap<string, readonly string[]>;
  readonly detailOf: ReadonlyMap<string, string>;
  /** Repositories this marked stale because their stored `incident` causes are out of date, not already stale. */
  readonly marked: readonly string[];
}

/**
 * The incidents' part of refreshing a project's verdicts (src/ingest/refresh-verdicts.ts runs it first, whenever
 * its verdicts or its incidents are marked stale):
 * 1. issues whose decision was made with other `incidentLabels` are decided again by the current ones, from their
 *    stored labels and type (no raw body is read, so this holds past retention too);
 * 2. every incident that counts is attributed (`attributeIncidents`, the one rule the incident list applies too),
 *    which gives the `incident` causes the verdicts must hold (none while `failureDetection.incidents` is off; only
 *    on a successful or failed deployment);
 * 3. those are compared with the stored ones (`deployment_failure_causes`): a repository whose causes differ and
 *    that is not already being recomputed (`staleRepositories`) is marked stale, so that an incident moving from one
 *    repository's deployment to another's (a later deployment in the window, an unlink, a revoke) leaves neither
 *    out of date;
 * 4. the project's incident mark is cleared if no new one came meanwhile (`seq`).
 */
export async function refreshIncidents(
  db: Kysely<Database>,
  projectId: string,
  settings: ProjectSettings,
  staleRepositories: ReadonlySet<string>,
): Promise<IncidentCauses> {
  const mark = await db
    .selectFrom('stale_incidents')
    .select('seq')
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  await redecideIssues(db, projectId, settings.incidentLabels);
  const rows = await db
    .selectFrom('incidents')
    .select([
      'id',
      'title',
      'started_at',
      'repository',
      'service_id',
      'sha',
      'environment',
      'manual_link',
      'manual_deployment_id',
    ])
    .where('project_id', '=', projectId)
    .where('not_incident_reason', 'is', null)
    .execute();
  const attributions = await attributeIncidents(db, projectId, rows, settings);
  const byDeployment = new Map<string, string[]>();
  const detailOf = new Map<string, string>();
  const expected = new Map<string, string>();
  for (const row of rows) {
    const attribution = attributions.get(row.id);
    const kind = attribution?.attribution ?? null;
    const deployment = attribution?.deployment ?? null;
    if (!settings.failureDetection.incidents || kind === null || deployment === null) continue;
    if (deployment.status !== 'success' && deployment.status !== 'failure') continue;
    const detail = incidentCauseDetail({
      incidentId: row.id,
      title: row.title,
      startedAt: row.started_at,
      attribution: kind,
      deploymentFinishedAt: deployment.finishedAt,
      deploymentSha: deployment.sha,
      incidentWindowHours: settings.incidentWindowHours,
    });
    byDeployment.set(deployment.id, [...(byDeployment.get(deployment.id) ?? []), row.id]);
    detailOf.set(row.id, detail);
    expected.set(causeKey(deployment.id, row.id, detail), repositoryKey(deployment.repository));
  }
  const stored = await db
    .selectFrom('deployment_failure_causes')
    .select(['deployment_id', 'repository_key', 'by_id', 'detail'])
    .where('project_id', '=', projectId)
    .where('kind', '=', 'incident')
    .execute();
  const differ = new Set<string>();
  const storedKeys = new Set<string>();
  for (const cause of stored) {
    const key = causeKey(cause.deployment_id, cause.by_id ?? '', cause.detail);
    storedKeys.add(key);
    if (!expected.has(key)) differ.add(cause.repository_key);
  }
  for (const [key, repository] of expected) if (!storedKeys.has(key)) differ.add(repository);
  const marked = [...differ].filter((key) => !staleRepositories.has(key));
  await markVerdictsStale(
    db,
    projectId,
    marked.map((key) => (key === '' ? null : key)),
  );
  if (mark !== undefined) {
    await db.deleteFrom('stale_incidents').where('project_id', '=', projectId).where('seq', '=', mark.seq).execute();
  }
  return { byDeployment, detailOf, marked };
}

/** Step 1: the issues decided with other `incidentLabels` than the project's, decided again. */
async function redecideIssues(db: Kysely<Database>, projectId: string, incidentLabels: readonly string[]) {
  const key = incidentLabelsKey(incidentLabels);
  const rows = await db
    .selectFrom('incidents')
    .select(['id', 'source_reason', 'issue', 'not_incident_reason'])
    .where('project_id', '=', projectId)
    .where('issue', 'is not', null)
    .where((eb) => eb.or([eb('labels_key', 'is', null), eb('labels_key', '<>', key)]))
    .execute();
  for (const row of rows) {
    const issue = JSON.parse(row.issue ?? 'null') as IssueFacts | null;
    await db
      .updateTable('incidents')
      .set({ not_incident_reason: issueNotIncidentReason(row.source_reason, issue, incidentLabels), labels_key: key })
      .where('id', '=', row.id)
      .execute();
  }
}

function causeKey(deploymentId: string, incidentId: string, detail: string): string {
  return `${deploymentId}\n${incidentId}\n${detail}`;
}
