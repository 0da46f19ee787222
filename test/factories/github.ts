import { createHmac, randomUUID } from 'node:crypto';

/** GitHub payloads shaped as GitHub sends them (the fields Shipwatch reads, and a few it does not). */
export interface GithubDeploymentInput {
  deploymentId: number;
  statusId: number;
  state: string;
  createdAt: string;
  environment?: string;
  repository?: string;
  sha?: string;
  productionEnvironment?: boolean;
}

export function githubDeploymentStatus(input: GithubDeploymentInput): Record<string, unknown> {
  const repository = input.repository ?? 'acme/checkout';
  const environment = input.environment ?? 'production';
  const deployment: Record<string, unknown> = {
    url: `https://api.github.com/repos/${repository}/deployments/${input.deploymentId}`,
    id: input.deploymentId,
    node_id: 'MDEwOkRlcGxveW1lbnQx',
    sha: input.sha ?? 'a'.repeat(40),
    ref: 'main',
    task: 'deploy',
    payload: {},
    original_environment: environment,
    environment,
    description: null,
    creator: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
    created_at: input.createdAt,
    updated_at: input.createdAt,
  };
  if (input.productionEnvironment !== undefined) deployment.production_environment = input.productionEnvironment;
  return {
    action: 'created',
    deployment_status: {
      url: `https://api.github.com/repos/${repository}/deployments/${input.deploymentId}/statuses/${input.statusId}`,
      id: input.statusId,
      state: input.state,
      description: '',
      environment,
      target_url: `https://github.com/${repository}/actions/runs/${input.deploymentId}`,
      log_url: `https://github.com/${repository}/actions/runs/${input.deploymentId}`,
      environment_url: '',
      created_at: input.createdAt,
      updated_at: input.createdAt,
    },
    deployment,
    repository: {
      id: 1,
      full_name: repository,
      name: repository.split('/')[1],
      html_url: `https://github.com/${repository}`,
      url: `https://api.github.com/repos/${repository}`,
    },
    sender: { login: 'octocat', id: 1 },
  };
}

export function githubPush(input: {
  repository?: string;
  ref?: string;
  before: string;
  after: string;
  commits: { id: string; timestamp: string; message?: string }[];
  forced?: boolean;
}): Record<string, unknown> {
  const repository = input.repository ?? 'acme/checkout';
  return {
    ref: input.ref ?? 'refs/heads/main',
    before: input.before,
    after: input.after,
    created: /^0+$/.test(input.before),
    deleted: /^0+$/.test(input.after),
    forced: input.forced ?? false,
    base_ref: null,
    compare: `https://github.com/${repository}/compare/x...y`,
    commits: input.commits.map((c) => ({
      id: c.id,
      tree_id: c.id,
      distinct: true,
      message: c.message ?? `commit ${c.id.slice(0, 7)}`,
      timestamp: c.timestamp,
      url: `https://github.com/${repository}/commit/${c.id}`,
      author: { name: 'A', email: 'a@example.com' },
      committer: { name: 'A', email: 'a@example.com' },
      added: [],
      removed: [],
      modified: [],
    })),
    head_commit: null,
    repository: {
      id: 1,
      full_name: repository,
      name: repository.split('/')[1],
      html_url: `https://github.com/${repository}`,
      created_at: 1557933565,
      pushed_at: 1557933565,
    },
    pusher: { name: 'octocat', email: 'o@example.com' },
    sender: { login: 'octocat', id: 1 },
  };
}

export function signGithub(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The headers GitHub sends with a delivery. */
export function githubHeaders(
  event: string,
  body: string,
  secret: string,
  delivery: string = randomUUID(),
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/044aadd',
    'x-github-event': event,
    'x-github-delivery': delivery,
    'x-github-hook-id': '1',
    'x-hub-signature-256': signGithub(body, secret),
  };
}

/** A GitHub `issues` event (CONTRACT.md, "Incidents"): an incident when a label is in the project's incidentLabels. */
export function githubIssue(input: {
  id: number;
  action: string;
  labels: readonly string[];
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  repository?: string;
  title?: string;
}): Record<string, unknown> {
  const repository = input.repository ?? 'acme/checkout';
  return {
    action: input.action,
    issue: {
      id: input.id,
      number: input.id % 100_000,
      title: input.title ?? `Issue ${input.id}`,
      html_url: `https://github.com/${repository}/issues/${input.id % 100_000}`,
      labels: input.labels.map((name, i) => ({ id: i + 1, name, color: 'ff0000', default: false })),
      state: input.closedAt === undefined ? 'open' : 'closed',
      state_reason: input.closedAt === undefined ? null : 'completed',
      type: null,
      created_at: input.createdAt,
      updated_at: input.updatedAt,
      closed_at: input.closedAt ?? null,
    },
    repository: {
      id: 1,
      full_name: repository,
      name: repository.split('/')[1],
      html_url: `https://github.com/${repository}`,
    },
    sender: { login: 'octocat', id: 1 },
  };
}
