import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { loadProjectSettings } from '../ingest/load-project-settings.js';
import { refreshStaleRepositories } from '../ingest/refresh-lead-times.js';
import { getProjectRow } from '../manage/projects.js';
import { CSV_PAGE_ROWS, type CsvExport, type CsvExportOptions } from './csv-export.js';
import { type BroughtCommitRow, broughtCommitsQuery, commitTime, toBroughtCommit } from './deployment-commits.js';
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

interface DeploymentKey {
  id: string;
  finishedAt: number;
  /** How many commits it brought (the cache's count): sizes the batches, never decides what is read. */
  commits: number;
}

/**
 * `GET /api/projects/:projectId/commits.csv?from&to`: every commit brought by a deployment that finished in the
 * window (read as the deployments list reads it), deployments newest first as in `deployments.csv`, each one's
 * commits oldest first as in its `/commits`. Two keyset walks: the window's finished deployments, `pageSize` at a
 * time, on the index by project, finish time and id; then their brought commits, one query per batch of
 * deployments that brought at most `pageSize` commits together (a deployment that brought more is read alone, by
 * commit time and sha, `pageSize` at a time). No query sorts more than a page's worth of rows.
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
  const toRow = (r: BroughtCommitRow): CommitCsvRow => {
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
  };

  const deploymentPage = async (after: DeploymentKey | undefined): Promise<DeploymentKey[]> => {
    let q = db
      .selectFrom('deployments')
      .select(['id', 'finished_at', 'commits_count'])
      .where('project_id', '=', projectId)
      .where('pending_delete', '=', 0)
      .where('finished_at', 'is not', null);
    if (bounds.from !== undefined) q = q.where('finished_at', '>=', bounds.from);
    if (bounds.to !== undefined) q = q.where('finished_at', '<', bounds.to);
    if (after !== undefined) {
      q = q
        .where('finished_at', '<=', after.finishedAt)
        .where((eb) => eb.or([eb('finished_at', '<', after.finishedAt), eb('id', '<', after.id)]));
    }
    const rows = await q.orderBy('finished_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, finishedAt: Number(r.finished_at), commits: Number(r.commits_count ?? 0) }));
  };

  /** The commits of a few deployments, in the order of `ids`, each one's oldest first. */
  const commitsOf = async (ids: readonly string[]): Promise<CommitCsvRow[]> => {
    const rows = await broughtCommitsQuery(db)
      .where('dc.deployment_id', 'in', ids)
      .orderBy('dc.deployment_id')
      .orderBy(commitTime)
      .orderBy('dc.sha')
      .execute();
    const position = new Map(ids.map((id, i) => [id, i]));
    return rows
      .map((r, i) => ({ r, i }))
      .sort((a, b) => (position.get(a.r.deployment_id) ?? 0) - (position.get(b.r.deployment_id) ?? 0) || a.i - b.i)
      .map(({ r }) => toRow(r));
  };

  /** The commits of one deployment that brought many, `limit` at a time. */
  async function* pagesOfOne(id: string): AsyncGenerator<CommitCsvRow[]> {
    let after: { time: number; sha: string } | undefined;
    for (;;) {
      let q = broughtCommitsQuery(db).where('dc.deployment_id', '=', id);
      if (after !== undefined) {
        const { time, sha } = after;
        q = q.where((eb) =>
          eb.or([eb(commitTime, '>', time), eb.and([eb(commitTime, '=', time), eb('dc.sha', '>', sha)])]),
        );
      }
      const rows = await q.orderBy(commitTime).orderBy('dc.sha').limit(limit).execute();
      if (rows.length > 0) yield rows.map(toRow);
      const last = rows.at(-1);
      if (rows.length < limit || last === undefined) return;
      after = { time: Number(last.time), sha: last.sha };
    }
  }

  async function* pages(): AsyncGenerator<CommitCsvRow[]> {
    let after: DeploymentKey | undefined;
    for (;;) {
      const deployments = await deploymentPage(after);
      let batch: string[] = [];
      let counted = 0;
      const flush = async () => {
        const rows = batch.length === 0 ? [] : await commitsOf(batch);
        batch = [];
        counted = 0;
        return rows;
      };
      for (const d of deployments) {
        if (counted + d.commits > limit || d.commits > limit) {
          const rows = await flush();
          if (rows.length > 0) yield rows;
        }
        if (d.commits > limit) {
          yield* pagesOfOne(d.id);
          continue;
        }
        // A deployment counted as bringing none is read all the same: the count sizes batches, the rows decide.
        batch.push(d.id);
        counted += d.commits;
      }
      const rows = await flush();
      if (rows.length > 0) yield rows;
      after = deployments.at(-1);
      if (deployments.length < limit || after === undefined) return;
    }
  }
  return { filename: `${projectId}-commits.csv`, columns: COMMIT_CSV_COLUMNS, pages: pages() };
}
