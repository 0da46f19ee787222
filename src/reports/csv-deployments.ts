import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { refreshStaleRepositories } from '../ingest/refresh-lead-times.js';
import { getProjectRow } from '../manage/projects.js';
import { CSV_PAGE_ROWS, type CsvExport, type CsvExportOptions } from './csv-export.js';
import { type DeploymentFilter, type DeploymentView, readDeploymentPage } from './deployments.js';
import { parseQueryBounds } from './query-bounds.js';

/**
 * A row of `deployments.csv`: the deployment object of `GET /api/projects/:projectId/deployments`, field for field
 * and in its order, flattened: `failureCauses` becomes their kinds joined by `;` (the `by` and `detail` of each
 * are on `GET /api/deployments/:deploymentId`), `rework` becomes `reworkKind` and `reworkOf`.
 */
export interface DeploymentCsvRow {
  id: string;
  webhookId: string | null;
  provider: string;
  repository: string | null;
  environment: string;
  production: boolean;
  status: string;
  sha: string | null;
  ref: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  url: string | null;
  commitUrl: string | null;
  changeFailure: boolean | null;
  commits: number | null;
  commitsComplete: boolean;
  leadTimeSeconds: number | null;
  failedChange: boolean | null;
  failureCauses: string;
  reworkKind: string | null;
  reworkOf: string | null;
  reworkOverride: boolean | null;
}

export const DEPLOYMENT_CSV_COLUMNS = [
  'id',
  'webhookId',
  'provider',
  'repository',
  'environment',
  'production',
  'status',
  'sha',
  'ref',
  'startedAt',
  'finishedAt',
  'url',
  'commitUrl',
  'changeFailure',
  'commits',
  'commitsComplete',
  'leadTimeSeconds',
  'failedChange',
  'failureCauses',
  'reworkKind',
  'reworkOf',
  'reworkOverride',
] as const satisfies readonly (keyof DeploymentCsvRow)[];

export function deploymentCsvRow(d: DeploymentView): DeploymentCsvRow {
  const { failureCauses, rework, ...fields } = d;
  return {
    ...fields,
    failureCauses: failureCauses.map((cause) => cause.kind).join(';'),
    reworkKind: rework?.kind ?? null,
    reworkOf: rework?.of ?? null,
  };
}

/**
 * `GET /api/projects/:projectId/deployments.csv?from&to`: the deployments of the window (by `finishedAt`, as the
 * JSON list reads `from` and `to`; no window: all of them), newest first, read page by page through the JSON list's
 * own reader (`readDeploymentPage`), so the rows are the JSON's. 404 for an unknown project and 400 for a bad time
 * are thrown here, before anything is written.
 */
export async function exportDeploymentsCsv(
  db: Kysely<Database>,
  projectId: string,
  query: { from?: string | undefined; to?: string | undefined },
  options: CsvExportOptions = {},
): Promise<CsvExport<DeploymentCsvRow>> {
  const project = await getProjectRow(db, projectId);
  const filter: DeploymentFilter = parseQueryBounds(query, project.time_zone);
  await refreshStaleRepositories(db, projectId);
  const limit = options.pageSize ?? CSV_PAGE_ROWS;
  async function* pages(): AsyncGenerator<DeploymentCsvRow[]> {
    let before: string | undefined;
    do {
      const page = await readDeploymentPage(db, projectId, filter, { limit, before });
      if (page.deployments.length > 0) yield page.deployments.map(deploymentCsvRow);
      before = page.nextCursor ?? undefined;
    } while (before !== undefined);
  }
  return { filename: `${projectId}-deployments.csv`, columns: DEPLOYMENT_CSV_COLUMNS, pages: pages() };
}
