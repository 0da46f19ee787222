import type { DemoEvent } from './demo-history.js';
import { authorOffset, type DemoRequest, hmacSha256Signature } from './demo-request.js';
import { isoAtOffset, isoSeconds } from './demo-times.js';
import type { Prng } from './prng.js';

const GITHUB = 'https://github.com';

/**
 * GitHub `push` and `deployment_status` deliveries (a deployment's `in_progress` status, then its result), signed
 * with `X-Hub-Signature-256` as GitHub signs them.
 * Source: https://docs.github.com/en/webhooks/webhook-events-and-payloads (push, deployment_status).
 */
export function githubDemoRequest(event: DemoEvent, secret: string, prng: Prng): DemoRequest {
  const name = event.repository.name;
  const repository = {
    id: 612_004_117,
    node_id: 'R_kgDOJHqK1Q',
    name: name.split('/')[1],
    full_name: name,
    private: true,
    owner: { login: 'acme', id: 14_231_778, type: 'Organization' },
    html_url: `${GITHUB}/${name}`,
    url: `https://api.github.com/repos/${name}`,
    default_branch: 'main',
  };
  const sender = { login: 'acme-deploy-bot', id: 131_903_456, type: 'Bot' };
  let eventName: string;
  let payload: Record<string, unknown>;
  if (event.kind === 'push') {
    const commits = event.commits.map((c) => ({
      id: c.sha,
      tree_id: prng.hex(40),
      distinct: true,
      message: c.message,
      timestamp: isoAtOffset(c.at, authorOffset(c.author.email)),
      url: `${GITHUB}/${name}/commit/${c.sha}`,
      author: { ...c.author, username: c.author.email.split('@')[0] },
      committer: { name: 'GitHub', email: 'noreply@github.com', username: 'web-flow' },
      added: [],
      removed: [],
      modified: ['src/index.ts'],
    }));
    eventName = 'push';
    payload = {
      ref: 'refs/heads/main',
      before: event.before,
      after: event.after,
      repository,
      pusher: { name: event.commits.at(-1)?.author.name ?? 'acme', email: event.commits.at(-1)?.author.email },
      sender,
      created: false,
      deleted: false,
      forced: false,
      base_ref: null,
      compare: `${GITHUB}/${name}/compare/${event.before.slice(0, 12)}...${event.after.slice(0, 12)}`,
      commits,
      head_commit: commits.at(-1) ?? null,
    };
  } else {
    const d = event.deployment;
    const deploymentId = 1_900_000_000 + d.number;
    const runUrl = `${GITHUB}/${name}/actions/runs/${8_100_000_000 + d.number}`;
    const finished = event.phase === 'finished';
    eventName = 'deployment_status';
    payload = {
      action: 'created',
      deployment_status: {
        url: `https://api.github.com/repos/${name}/deployments/${deploymentId}/statuses/${5_200_000_000 + d.number * 2 + (finished ? 1 : 0)}`,
        id: 5_200_000_000 + d.number * 2 + (finished ? 1 : 0),
        state: finished ? d.result : 'in_progress',
        description: finished ? `Deployment ${d.result === 'success' ? 'finished' : 'failed'}` : 'Deploying',
        environment: d.environment,
        target_url: runUrl,
        log_url: runUrl,
        environment_url:
          d.environment === 'production' ? 'https://shop.acme.example' : 'https://staging.shop.acme.example',
        created_at: isoSeconds(event.at),
        updated_at: isoSeconds(event.at),
        creator: sender,
      },
      deployment: {
        url: `https://api.github.com/repos/${name}/deployments/${deploymentId}`,
        id: deploymentId,
        sha: d.sha,
        ref: 'main',
        task: 'deploy',
        payload: {},
        original_environment: d.environment,
        environment: d.environment,
        description: d.title,
        creator: sender,
        created_at: isoSeconds(d.startedAt),
        updated_at: isoSeconds(event.at),
        transient_environment: false,
        production_environment: d.environment === 'production',
      },
      repository,
      sender,
    };
  }
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/6f4a1b2',
      'x-github-event': eventName,
      'x-github-delivery': prng.uuid(),
      'x-github-hook-id': '498123311',
      'x-hub-signature-256': hmacSha256Signature(secret, body),
    },
  };
}
