import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gitlab } from '../../../src/providers/gitlab/index.js';
import { OLD_SECRET, SECRET } from './support/credentials.js';
import { deliver, normalizedOf } from './support/deliver.js';
import { fixture } from './support/fixture.js';
import { deploymentOf, pushOf, reasonOf } from './support/normalized.js';

async function send(event: string, payload: unknown, extra: Record<string, string> = {}) {
  return deliver(gitlab, {
    headers: { 'content-type': 'application/json', 'x-gitlab-event': event, 'x-gitlab-token': SECRET, ...extra },
    body: JSON.stringify(payload),
    secrets: [SECRET],
  });
}

const deploymentHook = () => fixture('gitlab', 'deployment.running-utc');

describe('gitlab: verify', () => {
  const body = JSON.stringify(deploymentHook());
  const headers = { 'content-type': 'application/json', 'x-gitlab-event': 'Deployment Hook' };

  it('accepts the current token and the one in its grace period', async () => {
    for (const [token, index] of [
      [SECRET, 0],
      [OLD_SECRET, 1],
    ] as const) {
      const outcome = await deliver(gitlab, {
        headers: { ...headers, 'x-gitlab-token': token },
        body,
        secrets: [SECRET, OLD_SECRET],
      });
      expect(outcome.stage === 'normalized' && outcome.secretIndex).toBe(index);
    }
  });

  it('tells a missing token from a wrong one', async () => {
    expect(await deliver(gitlab, { headers, body, secrets: [SECRET] })).toEqual({
      stage: 'verify',
      reason: 'missing-token',
    });
    expect(
      await deliver(gitlab, { headers: { ...headers, 'x-gitlab-token': `${SECRET}x` }, body, secrets: [SECRET] }),
    ).toEqual({
      stage: 'verify',
      reason: 'token-mismatch',
    });
  });
});

describe('gitlab: parse', () => {
  it('answers 415 for anything but JSON', async () => {
    const outcome = await send('Deployment Hook', {}, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(outcome).toMatchObject({ stage: 'parse', status: 415, code: 'unsupported_content_type' });
    expect(outcome.stage === 'parse' && outcome.message).toContain('application/json');
  });

  it('answers 400 for a body that is not a JSON object', async () => {
    for (const body of ['{"object_kind":', '[]', 'true']) {
      const outcome = await deliver(gitlab, {
        headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': SECRET },
        body,
        secrets: [SECRET],
      });
      expect(outcome).toMatchObject({ stage: 'parse', status: 400, code: 'invalid_body' });
    }
  });

  it('answers 400 missing_event without X-Gitlab-Event', async () => {
    const outcome = await deliver(gitlab, {
      headers: { 'content-type': 'application/json', 'x-gitlab-token': SECRET },
      body: '{}',
      secrets: [SECRET],
    });
    expect(outcome).toMatchObject({ stage: 'parse', status: 400, code: 'missing_event' });
  });
});

describe('gitlab: body limit and delivery key', () => {
  it('gives Push Hook and Tag Push Hook the push limit', () => {
    expect(gitlab.bodyLimitClass({ 'x-gitlab-event': 'Push Hook' })).toBe('push');
    expect(gitlab.bodyLimitClass({ 'x-gitlab-event': 'Tag Push Hook' })).toBe('push');
    expect(gitlab.bodyLimitClass({ 'x-gitlab-event': 'Deployment Hook' })).toBe('default');
  });

  it('keys by Idempotency-Key, else X-Gitlab-Event-UUID, else the SHA-256 of the body; never by X-Gitlab-Webhook-UUID', () => {
    const rawBody = Buffer.from('{"object_kind":"push"}');
    const key = (headers: Record<string, string>) => gitlab.deliveryKey({ headers, rawBody }, {});
    const all = {
      'idempotency-key': 'idem',
      'x-gitlab-event-uuid': 'event-uuid',
      'x-gitlab-webhook-uuid': 'changes-every-time',
    };
    expect(key(all)).toBe('idem');
    expect(key({ 'x-gitlab-event-uuid': 'event-uuid', 'x-gitlab-webhook-uuid': 'changes-every-time' })).toBe(
      'event-uuid',
    );
    expect(key({ 'x-gitlab-webhook-uuid': 'changes-every-time' })).toBe(
      createHash('sha256').update(rawBody).digest('hex'),
    );
  });
});

describe('gitlab: Deployment Hook', () => {
  it.each([
    ['running', 'in_progress'],
    ['success', 'success'],
    ['failed', 'failure'],
    ['canceled', 'canceled'],
  ])('maps %s to %s', async (status, expected) => {
    const deployment = deploymentOf(normalizedOf(await send('Deployment Hook', { ...deploymentHook(), status })));
    expect(deployment.status).toMatchObject({
      status: expected,
      providerState: status,
      key: `${status}:2025-03-03 15:02:10 UTC`,
    });
  });

  it.each(['approved', 'rejected', 'blocked', 'cancelled', 'failure'])(
    'ignores status %s with a reason',
    async (status) => {
      expect(reasonOf(normalizedOf(await send('Deployment Hook', { ...deploymentHook(), status })))).toContain(
        `status "${status}"`,
      );
    },
  );

  it('takes the full sha only from the end of commit_url, never from short_sha', async () => {
    const noUrl = deploymentOf(normalizedOf(await send('Deployment Hook', { ...deploymentHook(), commit_url: null })));
    expect(noUrl.sha).toBeNull();
    const trailingSlash = {
      ...deploymentHook(),
      commit_url: 'https://gitlab.example.com/a/b/-/commit/279484C09FBE69EDEDFCED8C1BB6E6D24616B468/',
    };
    expect(deploymentOf(normalizedOf(await send('Deployment Hook', trailingSlash))).sha).toBe(
      '279484c09fbe69ededfced8c1bb6e6d24616b468',
    );
    const shortOnly = { ...deploymentHook(), commit_url: 'https://gitlab.example.com/a/b/-/commit/279484c0' };
    expect(deploymentOf(normalizedOf(await send('Deployment Hook', shortOnly))).sha).toBeNull();
  });

  it('reads status_changed_at in its Ruby form with the server offset', async () => {
    const payload = { ...deploymentHook(), status: 'success', status_changed_at: '2021-04-28 21:50:00 +0200' };
    expect(deploymentOf(normalizedOf(await send('Deployment Hook', payload))).status?.at).toBe(
      Date.parse('2021-04-28T19:50:00Z'),
    );
  });

  it.each([undefined, '28/04/2021 21:50', '2021-04-28 21:50:00'])(
    'ignores a status_changed_at of %j, naming the field',
    async (value) => {
      const payload = { ...deploymentHook(), status_changed_at: value };
      expect(reasonOf(normalizedOf(await send('Deployment Hook', payload)))).toContain('status_changed_at');
    },
  );

  it('ignores a hook without deployment_id, from a GitLab too old', async () => {
    expect(
      reasonOf(normalizedOf(await send('Deployment Hook', { ...deploymentHook(), deployment_id: undefined }))),
    ).toMatch(/without deployment_id: this GitLab is too old.*15/);
  });

  it('takes the instance from X-Gitlab-Instance before project.web_url', async () => {
    const viaHeader = await send('Deployment Hook', deploymentHook(), {
      'x-gitlab-instance': 'https://gitlab.internal.example:8443',
    });
    expect(deploymentOf(normalizedOf(viaHeader)).instance).toBe('gitlab.internal.example:8443');
    expect(deploymentOf(normalizedOf(await send('Deployment Hook', deploymentHook()))).instance).toBe(
      'gitlab.example.com',
    );
  });

  it('reads environment_tier as the production hint, and says nothing without it', async () => {
    const tier = async (environment_tier: unknown) =>
      deploymentOf(normalizedOf(await send('Deployment Hook', { ...deploymentHook(), environment_tier })))
        .productionHint;
    expect(await tier('production')).toBe(true);
    expect(await tier('staging')).toBe(false);
    expect(await tier(undefined)).toBeNull();
  });

  it('keeps a deployment made through the API: no job URL, no user', async () => {
    const payload = { ...deploymentHook(), deployable_id: null, deployable_url: null, user: null, user_url: null };
    expect(deploymentOf(normalizedOf(await send('Deployment Hook', payload))).url).toBeNull();
  });

  it.each([
    ['project.path_with_namespace', { project: { web_url: 'https://gitlab.example.com/a/b' } }],
    ['environment', { environment: '' }],
  ])('ignores a hook without %s, naming it', async (field, change) => {
    expect(reasonOf(normalizedOf(await send('Deployment Hook', { ...deploymentHook(), ...change })))).toContain(field);
  });
});

describe('gitlab: Push Hook', () => {
  it('keeps the newest 20 listed and the real count in total_commits_count', async () => {
    const base = fixture('gitlab', 'push.docs-example');
    const commits = Array.from({ length: 20 }, (_, i) => ({
      id: (i + 10).toString(16).padStart(40, '0'),
      timestamp: `2025-03-03T10:${String(i).padStart(2, '0')}:00+01:00`,
      author: { name: 'A', email: '[REDACTED]' },
    }));
    const payload = { ...base, after: commits[19]?.id, commits, total_commits_count: 57 };
    const push = pushOf(normalizedOf(await send('Push Hook', payload)));
    expect(push.commits).toHaveLength(20);
    expect(push.totalCommits).toBe(57);
  });

  it("reverses the Test push's newest-first list", async () => {
    const push = pushOf(normalizedOf(await send('Push Hook', fixture('gitlab', 'push.test-button'))));
    expect(push.commits.map((c) => c.sha[0])).toEqual(['1', '2', '3']);
  });

  it('reads a new branch without new commits', async () => {
    const payload = {
      ...fixture('gitlab', 'push.docs-example'),
      before: '0'.repeat(40),
      commits: [],
      total_commits_count: 0,
    };
    expect(pushOf(normalizedOf(await send('Push Hook', payload)))).toMatchObject({
      commits: [],
      totalCommits: 0,
      deleted: false,
    });
  });

  it('never trusts a total below the listed count', async () => {
    const payload = { ...fixture('gitlab', 'push.docs-example'), total_commits_count: 1 };
    expect(pushOf(normalizedOf(await send('Push Hook', payload))).totalCommits).toBe(2);
  });

  it('ignores a push whose commit time is malformed, naming the commit', async () => {
    const payload = fixture('gitlab', 'push.docs-example');
    (payload.commits as Record<string, unknown>[])[1]!.timestamp = '2012-01-03 23:36:29 +0200';
    expect(reasonOf(normalizedOf(await send('Push Hook', payload)))).toContain('commits[1].timestamp');
  });
});

describe('gitlab: other events', () => {
  it.each(['Pipeline Hook', 'Job Hook', 'System Hook'])('ignores %s, naming the events to tick', async (event) => {
    expect(reasonOf(normalizedOf(await send(event, { object_kind: 'x' })))).toMatch(
      /Deployment events.*Push events.*Merge request events/,
    );
  });
});
