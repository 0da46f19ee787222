import { beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createRequestReceiver, type RequestReceiver } from '../../src/ingest/receive-request.js';
import { createProject } from '../../src/manage/projects.js';
import { createWebhook } from '../../src/manage/webhooks.js';
import { createSecretBox } from '../../src/secrets/secret-box.js';
import { genericDeployment, genericHeaders } from '../factories/generic.js';
import { githubDeploymentStatus, githubHeaders, githubPush } from '../factories/github.js';
import { TEST_KEY } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

const config = loadConfig({
  SHIPWATCH_PUBLIC_URL: 'http://shipwatch.test',
  SHIPWATCH_DATA_DIR: '/tmp/shipwatch-test-unused',
});
const secretBox = createSecretBox(TEST_KEY);
const NOW = Date.parse('2026-03-02T12:00:00Z');
const LONG = 'é'.repeat(10_000);

// Issue 14, item 6: on PostgreSQL a 10,000-character indexed field failed the insert (index row too large): a 500
// and no record. Every stored text field is bounded: a 400 naming the field, and the delivery keeps its record.
describeEachDatabase('the bounds of stored text fields', ({ handle, db }) => {
  let receiver: RequestReceiver;
  const hooks: Record<'github' | 'generic', { id: string; secret: string }> = {
    github: { id: '', secret: '' },
    generic: { id: '', secret: '' },
  };

  beforeAll(async () => {
    receiver = createRequestReceiver({ config, database: handle(), secretBox, now: () => NOW });
    const project = await createProject(db(), { name: 'bounds', actor: 'test', now: NOW });
    for (const provider of ['github', 'generic'] as const) {
      const made = await createWebhook(
        { db: db(), secretBox, publicUrl: config.publicUrl },
        { projectId: project.id, provider, actor: 'test', now: NOW },
      );
      hooks[provider] = { id: made.id, secret: made.secret };
    }
  });

  const lastRecord = (webhookId: string) =>
    db()
      .selectFrom('deliveries')
      .select(['outcome', 'http_status', 'reason'])
      .where('webhook_id', '=', webhookId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();

  const send = async (provider: 'github' | 'generic', body: string, headers: Record<string, string>) => {
    const answer = await receiver.receive({
      webhookId: hooks[provider].id,
      headers,
      body: Buffer.from(body, 'utf8'),
      clientAddress: '10.0.0.1',
    });
    return { answer, record: await lastRecord(hooks[provider].id) };
  };

  const github = (event: string, payload: Record<string, unknown>, delivery?: string) => {
    const body = JSON.stringify(payload);
    return send('github', body, githubHeaders(event, body, hooks.github.secret, delivery));
  };

  it.each([
    ['environment', { environment: LONG }],
    ['repository', { repository: `acme/${LONG}` }],
  ])('a GitHub deployment with a 10,000-character %s is a 400 naming it, recorded', async (field, input) => {
    const { answer, record } = await github(
      'deployment_status',
      githubDeploymentStatus({
        deploymentId: 7,
        statusId: 8,
        state: 'success',
        createdAt: '2026-03-02T10:00:00Z',
        ...input,
      }),
    );
    expect(answer).toMatchObject({ ok: false, status: 400, error: { code: 'invalid_body' } });
    if (answer.ok) return;
    expect(answer.error.message).toContain(field);
    expect(record).toEqual({ outcome: 'rejected', http_status: 400, reason: answer.error.message });
  });

  it('a push with a 10,000-character repository or ref is a 400 naming it, recorded', async () => {
    for (const [field, input] of [
      ['repository', { repository: `acme/${LONG}` }],
      ['ref', { ref: `refs/heads/${LONG}` }],
    ] as const) {
      const { answer, record } = await github(
        'push',
        githubPush({ before: 'b'.repeat(40), after: 'c'.repeat(40), commits: [], ...input }),
      );
      expect(answer).toMatchObject({ ok: false, status: 400 });
      if (answer.ok) return;
      expect(answer.error.message).toContain(field);
      expect(record.http_status).toBe(400);
    }
  });

  it('a 10,000-character X-GitHub-Delivery header is a 400 naming the header, recorded', async () => {
    const { answer, record } = await github(
      'deployment_status',
      githubDeploymentStatus({ deploymentId: 9, statusId: 10, state: 'success', createdAt: '2026-03-02T10:00:00Z' }),
      LONG,
    );
    expect(answer).toMatchObject({ ok: false, status: 400 });
    if (answer.ok) return;
    expect(answer.error.message).toContain('x-github-delivery');
    expect(record).toMatchObject({ outcome: 'rejected', http_status: 400 });
  });

  it('a generic deployment with a 10,000-character deploymentId is a 400 naming it, recorded', async () => {
    const body = JSON.stringify(genericDeployment({ deploymentId: LONG }));
    const { answer, record } = await send('generic', body, genericHeaders(body, hooks.generic.secret));
    expect(answer).toMatchObject({ ok: false, status: 400 });
    if (answer.ok) return;
    expect(answer.error.message).toContain('deploymentId');
    expect(record).toMatchObject({ outcome: 'rejected', http_status: 400 });
  });

  it('a long URL is dropped, not refused: the deployment is stored without it', async () => {
    const body = JSON.stringify(
      genericDeployment({ deploymentId: 'url-1', url: `https://ci.example/${'x'.repeat(10_000)}` }),
    );
    const { answer } = await send('generic', body, genericHeaders(body, hooks.generic.secret));
    expect(answer).toMatchObject({ ok: true, delivery: { outcome: 'accepted' } });
    const stored = await db()
      .selectFrom('deployments')
      .select('url')
      .where('provider_deployment_id', '=', 'url-1')
      .executeTakeFirstOrThrow();
    expect(stored.url).toBeNull();
  });

  it('fields at their bound are stored as sent', async () => {
    const environment = 'e'.repeat(255);
    const body = JSON.stringify(genericDeployment({ deploymentId: 'd'.repeat(255), environment }));
    const { answer } = await send('generic', body, genericHeaders(body, hooks.generic.secret));
    expect(answer).toMatchObject({ ok: true, delivery: { outcome: 'accepted' } });
    const env = await db().selectFrom('environments').select('name').where('name', '=', environment).executeTakeFirst();
    expect(env?.name).toBe(environment);
  });
});
