import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { refreshStaleRepositories } from '../ingest/refresh-lead-times.js';
import { getProjectRow } from '../manage/projects.js';
import { loadProjectSettings } from '../manage/settings.js';
import { CSV_PAGE_ROWS, type CsvExport, type CsvExportOptions } from './csv-export.js';
import { broughtCommitsQuery, commitTime, toBroughtCommit } from './deployment-commits.js';
import { parseQueryBounds } from './query-bounds.js';

/**
 * A row of `commits.csv`: one commit a deployment of the window brought, as `GET /api/deployments/:id/commits`
 * answers it: `authorName` is its `author.name`, `subject` the first line of its `message`, `pullRequestNumber`
 * its `pullRequest.number`.
 */
export interface CommitCsvRow {
  deploymentId: string;
  sha: string;
  timestamp: string;
  authorName: string | null;
  subject: string | null;
  leadTimeSeconds: number;
  excluded: 'author' | null;
  pullRequestNumber: number | null;
}

export const COMMIT_CSV_COLUMNS = [
  'deploymentId',
  'sha',
  'timestamp',
  'authorName',
  'subject',
  'leadTimeSeconds',
  'excluded',
  'pullRequestNumber',
] as const satisfies readonly (keyof CommitCsvRow)[];

/** A message's subject line: up to its first line break. */
export const subjectLine = (message: string | null): string | null =>
  message === null ? null : (message.split(/\r\n|\r|\n/, 1)[0] as string);

interface Cursor {
  finishedAt: number;
  deploymentId: string;
  time: number;
  sha: string;
}

/**
 * `GET /api/projects/:projectId/commits.csv?from&to`: every commit brought by a deployment that finished in the
 * window (read as the deployments list reads it), deployments newest first as in `deployments.csv`, each one's
 * commits oldest first as in its `/commits`. One keyset query per page over the brought-commits cache
 * (`deployment_commits`, indexed by project and finish time), ordered by finish time, deployment id, commit time
 * and sha.
 */
export async function exportCommitsCsv(
  db: Kysely<Database>,
  projectId: string,
  query: { from?: string | undefined; to?: string | undefined },
  options: CsvExportOptions = {},
): Promise<CsvExport<CommitCsvRow>> {
  const project = await getProjectRow(db, projectId);
  const bounds = parseQueryBounds(query, project.time_zone);
  await refreshStaleRepositories(db, projectId);
  const { leadTimeExcludedAuthors } = await loadProjectSettings(db, projectId);
  const limit = options.pageSize ?? CSV_PAGE_ROWS;

  const page = async (after: Cursor | undefined) => {
    let q = broughtCommitsQuery(db)
      .innerJoin('deployments as d', 'd.id', 'dc.deployment_id')
      .select('dc.finished_at')
      .where('dc.project_id', '=', projectId)
      .where('d.pending_delete', '=', 0);
    if (bounds.from !== undefined) q = q.where('dc.finished_at', '>=', bounds.from);
    if (bounds.to !== undefined) q = q.where('dc.finished_at', '<', bounds.to);
    if (after !== undefined) {
      const { finishedAt, deploymentId, time, sha } = after;
      q = q
        .where('dc.finished_at', '<=', finishedAt)
        .where((eb) =>
          eb.or([
            eb('dc.finished_at', '<', finishedAt),
            eb('dc.deployment_id', '<', deploymentId),
            eb.and([
              eb('dc.deployment_id', '=', deploymentId),
              eb.or([eb(commitTime, '>', time), eb.and([eb(commitTime, '=', time), eb('dc.sha', '>', sha)])]),
            ]),
          ]),
        );
    }
    return q
      .orderBy('dc.finished_at', 'desc')
      .orderBy('dc.deployment_id', 'desc')
      .orderBy(commitTime)
      .orderBy('dc.sha')
      .limit(limit)
      .execute();
  };

  async function* pages(): AsyncGenerator<CommitCsvRow[]> {
    let after: Cursor | undefined;
    for (;;) {
      const rows = await page(after);
      if (rows.length > 0) {
        yield rows.map((r) => {
          const commit = toBroughtCommit(r, leadTimeExcludedAuthors);
          return {
            deploymentId: r.deployment_id,
            sha: commit.sha,
            timestamp: commit.timestamp,
            authorName: commit.author.name,
            subject: subjectLine(commit.message),
            leadTimeSeconds: commit.leadTimeSeconds,
            excluded: commit.excluded,
            pullRequestNumber: commit.pullRequest?.number ?? null,
          };
        });
      }
      const last = rows.at(-1);
      if (rows.length < limit || last === undefined) return;
      after = {
        finishedAt: Number(last.finished_at),
        deploymentId: last.deployment_id,
        time: Number(last.time),
        sha: last.sha,
      };
    }
  }
  return { filename: `${projectId}-commits.csv`, columns: COMMIT_CSV_COLUMNS, pages: pages() };
}
