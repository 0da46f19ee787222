import type { DemoEvent } from './demo-history.js';
import { authorOffset, type DemoRequest } from './demo-request.js';
import { gitlabTime, isoAtOffset } from './demo-times.js';
import type { Prng } from './prng.js';

const GITLAB = 'https://gitlab.com';

/**
 * GitLab `Push Hook` and `Deployment Hook` deliveries (`running`, then `success` or `failed`), with the secret in
 * `X-Gitlab-Token`, `status_changed_at` in GitLab's own format and the full sha at the end of `commit_url`.
 * Source: gitlabhq doc/user/project/integrations/webhook_events.md ("Push events", "Deployment events").
 */
export function gitlabDemoRequest(event: DemoEvent, secret: string, prng: Prng): DemoRequest {
  const path = event.repository.name;
  const webUrl = `${GITLAB}/${path}`;
  const project = {
    id: 48_211_907,
    name: path.split('/')[1],
    description: 'Payments API',
    web_url: webUrl,
    avatar_url: null,
    git_ssh_url: `git@gitlab.com:${path}.git`,
    git_http_url: `${webUrl}.git`,
    namespace: 'acme',
    visibility_level: 0,
    path_with_namespace: path,
    default_branch: 'main',
    ci_config_path: '',
    homepage: webUrl,
    url: `git@gitlab.com:${path}.git`,
    ssh_url: `git@gitlab.com:${path}.git`,
    http_url: `${webUrl}.git`,
  };
  let eventName: string;
  let payload: Record<string, unknown>;
  if (event.kind === 'push') {
    const pusher = event.commits.at(-1)?.author ?? { name: 'Acme', email: 'dev@acme.example' };
    eventName = 'Push Hook';
    payload = {
      object_kind: 'push',
      event_name: 'push',
      before: event.before,
      after: event.after,
      ref: 'refs/heads/main',
      ref_protected: true,
      checkout_sha: event.after,
      message: null,
      user_id: 7_301_224,
      user_name: pusher.name,
      user_username: pusher.email.split('@')[0],
      user_email: '',
      user_avatar: null,
      project_id: project.id,
      project,
      commits: event.commits.map((c) => ({
        id: c.sha,
        message: `${c.message}\n`,
        title: c.message,
        timestamp: isoAtOffset(c.at, authorOffset(c.author.email)),
        url: `${webUrl}/-/commit/${c.sha}`,
        author: { name: c.author.name, email: '[REDACTED]' },
        added: [],
        modified: ['src/app.ts'],
        removed: [],
      })),
      total_commits_count: event.commits.length,
      push_options: {},
      repository: {
        name: project.name,
        url: project.url,
        description: project.description,
        homepage: webUrl,
        git_http_url: project.git_http_url,
        git_ssh_url: project.git_ssh_url,
        visibility_level: 0,
      },
    };
  } else {
    const d = event.deployment;
    const jobId = 9_400_000_000 + d.number;
    const status = event.phase === 'started' ? 'running' : d.result === 'success' ? 'success' : 'failed';
    eventName = 'Deployment Hook';
    payload = {
      object_kind: 'deployment',
      status,
      status_changed_at: gitlabTime(event.at),
      deployment_id: 731_000 + d.number,
      deployable_id: jobId,
      deployable_url: `${webUrl}/-/jobs/${jobId}`,
      environment: d.environment,
      environment_tier: d.environment,
      environment_slug: d.environment,
      environment_external_url:
        d.environment === 'production' ? 'https://payments.acme.example' : 'https://payments.staging.acme.example',
      project,
      short_sha: d.sha.slice(0, 8),
      user: { id: 7_301_224, name: 'Acme Deploy', username: 'acme-deploy', avatar_url: null, email: '[REDACTED]' },
      user_url: `${GITLAB}/acme-deploy`,
      commit_url: `${webUrl}/-/commit/${d.sha}`,
      commit_title: d.title,
      ref: 'main',
    };
  }
  const uuid = prng.uuid();
  return {
    body: JSON.stringify(payload),
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitLab/17.9.0',
      'x-gitlab-event': eventName,
      'x-gitlab-token': secret,
      'x-gitlab-instance': GITLAB,
      'x-gitlab-webhook-uuid': prng.uuid(),
      'x-gitlab-event-uuid': uuid,
      'idempotency-key': uuid,
    },
  };
}
