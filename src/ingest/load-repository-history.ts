import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CommitRef } from '../domain/index.js';
import type { AncestryDeployment, AncestryPush, MergedPullRequest } from '../metrics/index.js';

/** What the lead-time engine reads of one repository (src/ingest/refresh-lead-times.ts). */
export async function loadPushes(db: Kysely<Database>, projectId: string, repository: string): Promise<AncestryPush[]> {
  const pushes = await db
    .selectFrom('pushes')
    .select(['id', 'ref', 'before_sha', 'after_sha', 'forced', 'deleted', 'total_count'])
    .where('project_id', '=', projectId)
    .where('pending_delete', '=', 0)
    .where('repository', '=', repository)
    .execute();
  const commits = await db
    .selectFrom('push_commits')
    .innerJoin('pushes', 'pushes.id', 'push_commits.push_id')
    .select(['push_commits.push_id', 'push_commits.sha', 'push_commits.timestamp'])
    .where('pushes.project_id', '=', projectId)
    .where('pushes.repository', '=', repository)
    .where('pushes.pending_delete', '=', 0)
    .orderBy('push_commits.push_id')
    .orderBy('push_commits.position')
    .execute();
  const byPush = new Map<string, CommitRef[]>();
  for (const c of commits) {
    let list = byPush.get(c.push_id);
    if (list === undefined) {
      list = [];
      byPush.set(c.push_id, list);
    }
    list.push({ sha: c.sha, timestamp: c.timestamp });
  }
  return pushes.map((p) => ({
    id: p.id,
    ref: p.ref,
    before: p.before_sha,
    after: p.after_sha,
    forced: p.forced === 1,
    deleted: p.deleted === 1,
    totalCommits: p.total_count,
    commits: byPush.get(p.id) ?? [],
  }));
}

/** The successful production deployments finished at or after `from` (those before it are in the starting state). */
export async function loadDeployments(
  db: Kysely<Database>,
  projectId: string,
  repository: string,
  from: number,
): Promise<AncestryDeployment[]> {
  const rows = await db
    .selectFrom('deployments')
    .innerJoin('environments', 'environments.id', 'deployments.environment_id')
    .select(['deployments.id', 'deployments.finished_at', 'deployments.sha', 'deployments.lists_commits'])
    .where('deployments.project_id', '=', projectId)
    .where('deployments.repository', '=', repository)
    .where('deployments.status', '=', 'success')
    .where('deployments.pending_delete', '=', 0)
    .where('deployments.finished_at', 'is not', null)
    .where('deployments.finished_at', '>=', from)
    .where('environments.production', '=', 1)
    .execute();
  const listed = await db
    .selectFrom('deployment_listed_commits')
    .innerJoin('deployments', 'deployments.id', 'deployment_listed_commits.deployment_id')
    .select([
      'deployment_listed_commits.deployment_id',
      'deployment_listed_commits.sha',
      'deployment_listed_commits.timestamp',
    ])
    .where('deployments.project_id', '=', projectId)
    .where('deployments.repository', '=', repository)
    .where('deployments.finished_at', '>=', from)
    .execute();
  const byDeployment = new Map<string, CommitRef[]>();
  for (const c of listed) {
    const list = byDeployment.get(c.deployment_id) ?? [];
    list.push({ sha: c.sha, timestamp: c.timestamp });
    byDeployment.set(c.deployment_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    finishedAt: r.finished_at as number,
    sha: r.sha,
    listedCommits: r.lists_commits === 1 ? (byDeployment.get(r.id) ?? []) : undefined,
  }));
}

/** The repository's merged pull requests, as the bridge needs them (a merge commit and a merge time). */
export async function loadMergedPullRequests(
  db: Kysely<Database>,
  projectId: string,
  repository: string,
): Promise<MergedPullRequest[]> {
  const rows = await db
    .selectFrom('pull_requests')
    .select(['number', 'merge_commit_sha', 'head_sha', 'target_branch', 'merged_at'])
    .where('project_id', '=', projectId)
    .where('pending_delete', '=', 0)
    .where('repository', '=', repository)
    .where('merged_at', 'is not', null)
    .where('merge_commit_sha', 'is not', null)
    .execute();
  return rows.map((r) => ({
    number: Number(r.number),
    mergeCommitSha: r.merge_commit_sha as string,
    headSha: r.head_sha,
    targetBranch: r.target_branch,
    mergedAt: r.merged_at as number,
  }));
}
