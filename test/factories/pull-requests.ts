import { readFileSync } from 'node:fs';

/**
 * Pull request events and pushes as GitHub, GitLab and Azure DevOps send them, for scenarios: GitHub's built here
 * (the fields of PROVIDERS.md E.1), GitLab's and Azure DevOps' from the recorded fixtures with the scenario's values.
 */
export interface Author {
  readonly name: string;
  readonly email: string;
  readonly username: string;
}

export interface PushedCommit {
  readonly id: string;
  readonly timestamp: string;
  readonly message: string;
  readonly author: Author;
}

const fixture = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8'));

export function githubPushWithAuthors(input: {
  repository: string;
  ref: string;
  before: string;
  commits: readonly PushedCommit[];
}): Record<string, unknown> {
  const after = input.commits.at(-1)?.id as string;
  return {
    ref: input.ref,
    before: input.before,
    after,
    created: /^0+$/.test(input.before),
    deleted: false,
    forced: false,
    base_ref: null,
    commits: input.commits.map((c) => ({
      id: c.id,
      tree_id: c.id,
      distinct: true,
      message: c.message,
      timestamp: c.timestamp,
      url: `https://github.com/${input.repository}/commit/${c.id}`,
      author: { name: c.author.name, email: c.author.email, username: c.author.username },
      committer: { name: 'GitHub', email: 'noreply@github.com', username: 'web-flow' },
      added: [],
      removed: [],
      modified: [],
    })),
    head_commit: null,
    repository: { id: 1, full_name: input.repository, name: input.repository.split('/')[1] },
    pusher: { name: 'octocat', email: 'o@example.com' },
    sender: { login: 'octocat', id: 1 },
  };
}

export interface PullRequestInput {
  readonly repository: string;
  readonly number: number;
  readonly title: string;
  readonly sourceBranch: string;
  readonly openedAt: string;
  /** The event's `updated_at`. */
  readonly updatedAt: string;
  readonly headSha: string;
  /** Merged: the merge time and the commit it put on main. */
  readonly merged?: { readonly at: string; readonly commit: string } | undefined;
  /** Before the merge GitHub sends its test merge commit here: never to be trusted. */
  readonly testMergeCommit?: string | undefined;
}

export function githubPullRequest(input: PullRequestInput): Record<string, unknown> {
  const merged = input.merged;
  return {
    action: merged === undefined ? 'opened' : 'closed',
    number: input.number,
    pull_request: {
      number: input.number,
      html_url: `https://github.com/${input.repository}/pull/${input.number}`,
      state: merged === undefined ? 'open' : 'closed',
      title: input.title,
      user: { login: 'ana', id: 1, type: 'User' },
      draft: false,
      merged: merged !== undefined,
      labels: [],
      created_at: input.openedAt,
      updated_at: input.updatedAt,
      closed_at: merged?.at ?? null,
      merged_at: merged?.at ?? null,
      merge_commit_sha: merged?.commit ?? input.testMergeCommit ?? null,
      head: { label: `acme:${input.sourceBranch}`, ref: input.sourceBranch, sha: input.headSha },
      base: { label: 'acme:main', ref: 'main', sha: 'f'.repeat(40) },
      commits: 1,
      auto_merge: null,
    },
    repository: { id: 1, full_name: input.repository, default_branch: 'main' },
    sender: { login: 'ana', id: 1 },
  };
}

const gitlabTime = (iso: string) => `${iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '')} UTC`;

export function gitlabMergeRequest(input: PullRequestInput): Record<string, unknown> {
  const body = fixture('gitlab/merge_request.merge.json');
  const project = body.project as Record<string, unknown>;
  project.path_with_namespace = input.repository;
  const attributes = body.object_attributes as Record<string, unknown>;
  Object.assign(attributes, {
    iid: input.number,
    title: input.title,
    state: input.merged === undefined ? 'opened' : 'merged',
    action: input.merged === undefined ? 'open' : 'merge',
    source_branch: input.sourceBranch,
    target_branch: 'main',
    created_at: gitlabTime(input.openedAt),
    updated_at: gitlabTime(input.merged?.at ?? input.updatedAt),
    merge_commit_sha: input.merged?.commit ?? null,
    url: `https://gitlab.example.com/${input.repository}/-/merge_requests/${input.number}`,
  });
  (attributes.last_commit as Record<string, unknown>).id = input.headSha;
  return body;
}

export function gitlabPush(input: {
  repository: string;
  ref: string;
  before: string;
  commits: readonly PushedCommit[];
}): Record<string, unknown> {
  const body = fixture('gitlab/push.docs-example.json');
  const after = input.commits.at(-1)?.id as string;
  (body.project as Record<string, unknown>).path_with_namespace = input.repository;
  return Object.assign(body, {
    before: input.before,
    after,
    checkout_sha: after,
    ref: input.ref,
    total_commits_count: input.commits.length,
    // GitLab lists a push's commits newest first.
    commits: [...input.commits].reverse().map((c) => ({
      id: c.id,
      message: c.message,
      title: c.message.split('\n')[0],
      timestamp: c.timestamp,
      url: `https://gitlab.example.com/${input.repository}/-/commit/${c.id}`,
      author: { name: c.author.name, email: c.author.email },
      added: [],
      modified: [],
      removed: [],
    })),
  });
}

/** An Azure DevOps pull request event; `input.repository` is ignored (the fixture's `fabrikam/Fabrikam/Fabrikam`). */
export function azurePullRequest(input: PullRequestInput, id: string): Record<string, unknown> {
  const body = fixture('azure-devops/git.pullrequest.updated-completed.json');
  const resource = body.resource as Record<string, unknown>;
  Object.assign(resource, {
    pullRequestId: input.number,
    status: input.merged === undefined ? 'active' : 'completed',
    creationDate: input.openedAt,
    title: input.title,
    sourceRefName: `refs/heads/${input.sourceBranch}`,
    lastMergeSourceCommit: { commitId: input.headSha },
    lastMergeCommit: { commitId: input.merged?.commit ?? 'e'.repeat(40) },
  });
  if (input.merged === undefined) delete resource.closedDate;
  else resource.closedDate = input.merged.at;
  return Object.assign(body, {
    id,
    eventType: input.merged === undefined ? 'git.pullrequest.created' : 'git.pullrequest.updated',
    createdDate: input.updatedAt,
  });
}

export function azurePush(input: { ref: string; before: string; commits: readonly PushedCommit[] }, id: string) {
  const body = fixture('azure-devops/git-push.docs-sample.json');
  const resource = body.resource as Record<string, unknown>;
  const repository = resource.repository as Record<string, unknown>;
  Object.assign(repository, {
    name: 'Fabrikam',
    remoteUrl: 'https://dev.azure.com/fabrikam/DefaultCollection/_git/Fabrikam',
  });
  (repository.project as Record<string, unknown>).name = 'Fabrikam';
  resource.url = 'https://dev.azure.com/fabrikam/DefaultCollection/_apis/repos/git/repositories/x/pushes/1';
  resource.refUpdates = [{ name: input.ref, oldObjectId: input.before, newObjectId: input.commits.at(-1)?.id }];
  // Azure DevOps lists a push's commits newest first.
  resource.commits = [...input.commits].reverse().map((c) => ({
    commitId: c.id,
    author: { name: c.author.name, email: c.author.email, date: c.timestamp },
    committer: { name: c.author.name, email: c.author.email, date: c.timestamp },
    comment: c.message,
  }));
  return Object.assign(body, { id });
}
