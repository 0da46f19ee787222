import type { NormalizedPullRequest, PullRequestState } from '../../domain/index.js';
import { asCommitSha } from '../shared/commit-sha.js';
import { asObject, asText, describeValue } from '../shared/json-values.js';
import { parseAzureTime } from '../shared/parse-azure-time.js';
import { asPullRequestNumber, branchName, labelNames } from '../shared/read-pull-request-fields.js';
import { azureOrganization } from './azure-organization.js';

export const AZURE_PULL_REQUEST_EVENTS = [
  'git.pullrequest.created',
  'git.pullrequest.updated',
  'git.pullrequest.merged',
] as const;

/**
 * `git.pullrequest.created`, `git.pullrequest.updated` and `git.pullrequest.merged` (publisher
 * `tfs`). The repository is named as `git.push` names it (`organization/project/repository`), so
 * the two join. `resource.closedDate`, else the envelope's `createdDate`, orders the events. Only
 * `git.pullrequest.updated` with `status: "completed"` says the pull request merged: then
 * `mergedAt` is `closedDate` and the merge commit `lastMergeCommit.commitId`.
 * `git.pullrequest.merged` ("Pull request merge attempted") fires whenever Azure DevOps computes
 * the test merge, so its `lastMergeCommit` is never taken as the landing commit. A completed
 * status on another event reports the pull request `merged` without those two: the `updated` one
 * brings them. Sources: PROVIDERS.md E.3; MicrosoftDocs/azure-devops-docs
 * docs/service-hooks/events.md; microsoft/azure-pipelines-tasks#5813.
 */
export function normalizeAzurePullRequest(event: string, payload: Record<string, unknown>): NormalizedPullRequest {
  const resource = asObject(payload.resource);
  if (resource === undefined) {
    return ignored(event, 'no resource: set the subscription\'s "Resource details to send" to All');
  }
  const repo = asObject(resource.repository);
  const repoName = asText(repo?.name);
  const project = asText(asObject(repo?.project)?.name);
  if (repoName === undefined || project === undefined) {
    return ignored(
      event,
      `resource.repository must have a name and a project.name, got ${describeValue(repo?.name)} and ${describeValue(asObject(repo?.project)?.name)}`,
    );
  }
  const organization = azureOrganization(payload, [repo?.remoteUrl, repo?.url, resource.url]);
  if (organization === undefined) {
    return ignored(
      event,
      'cannot tell the Azure DevOps organization: no resourceContainers baseUrl and no repository URL',
    );
  }
  const number = asPullRequestNumber(resource.pullRequestId);
  if (number === undefined)
    return ignored(
      event,
      `resource.pullRequestId must be a positive integer, got ${describeValue(resource.pullRequestId)}`,
    );
  const sourceBranch = branchName(resource.sourceRefName);
  const targetBranch = branchName(resource.targetRefName);
  if (sourceBranch === undefined || targetBranch === undefined) {
    return ignored(
      event,
      `resource.sourceRefName and targetRefName must name branches, got ${describeValue(resource.sourceRefName)} and ${describeValue(resource.targetRefName)}`,
    );
  }
  const closedAt = readTime(resource.closedDate);
  const updatedAt = closedAt ?? readTime(payload.createdDate);
  if (updatedAt === null) {
    return ignored(
      event,
      `neither resource.closedDate nor createdDate is a time, got ${describeValue(payload.createdDate)}`,
    );
  }
  const completed = resource.status === 'completed';
  const merged = completed && event === 'git.pullrequest.updated';
  const state: PullRequestState = completed ? 'merged' : resource.status === 'abandoned' ? 'closed' : 'open';
  return {
    kind: 'pull_request',
    pullRequest: {
      repository: `${organization}/${project}/${repoName}`,
      number,
      title: typeof resource.title === 'string' ? resource.title : '',
      labels: labelNames(
        Array.isArray(resource.labels) ? resource.labels.filter((label) => asObject(label)?.active !== false) : [],
        'name',
      ),
      sourceBranch,
      targetBranch,
      openedAt: readTime(resource.creationDate),
      mergedAt: merged ? updatedAt : null,
      headSha: asCommitSha(asObject(resource.lastMergeSourceCommit)?.commitId) ?? null,
      mergeCommitSha: merged ? (asCommitSha(asObject(resource.lastMergeCommit)?.commitId) ?? null) : null,
      state,
      updatedAt,
      url: webUrl(resource, repo?.remoteUrl, number),
    },
  };
}

function webUrl(resource: Record<string, unknown>, remoteUrl: unknown, number: number): string | null {
  const link = asText(asObject(asObject(resource._links)?.web)?.href);
  if (link !== undefined) return link;
  const remote = asText(remoteUrl);
  return remote === undefined ? null : `${remote}/pullrequest/${number}`;
}

function readTime(value: unknown): number | null {
  return typeof value === 'string' ? parseAzureTime(value) : null;
}

function ignored(event: string, reason: string): NormalizedPullRequest {
  return { kind: 'ignored', reason: `${event}: ${reason}` };
}
