import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sign } from '@octokit/webhooks-methods';
import { beforeAll, expect, it } from 'vitest';
import { signStandardWebhook } from '../../src/providers/incident-io/sign-standard-webhook.js';
import { signPagerdutyBody } from '../../src/providers/pagerduty/sign-pagerduty-body.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const fixture = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

const PD_SECRET = 'pagerduty-made-secret-0123456789';
const PD_NEW_SECRET = 'pagerduty-rotated-secret-9876543210';
const IO_SECRET = `whsec_${Buffer.from('incident.io signing key, 32 bytes!').toString('base64')}`;
const SHA_D1 = '9f2c4e1b7a3d5f6e8c0b1a2d3e4f5a6b7c8d9e0f';

type Hooks = Record<'generic' | 'pagerduty' | 'incident-io' | 'github' | 'gitlab', { id: string; secret: string }>;

/** One request to `POST /hooks/<id>`, signed with the provider's real signing function. */
interface Send {
  readonly label: string;
  readonly provider: keyof Hooks;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

const deployment = (id: string, repository: string, environment: string, sha: string, finishedAt: string) =>
  JSON.stringify({ deploymentId: id, repository, environment, status: 'success', sha, finishedAt });

/** The scenario of docs/METRICS.md ("Incidents, worked example"), one delivery each. */
const DELIVERIES: Send[] = [
  {
    label: 'D1',
    provider: 'generic',
    body: deployment('d1', 'acme/checkout', 'production', SHA_D1, '2026-03-02T09:00:00Z'),
  },
  {
    label: 'D2',
    provider: 'generic',
    body: deployment('d2', 'acme/checkout', 'production', 'b'.repeat(40), '2026-03-03T16:00:00Z'),
  },
  {
    label: 'D3',
    provider: 'generic',
    body: deployment('d3', 'acme/web', 'production', 'c'.repeat(40), '2026-03-03T16:30:00Z'),
  },
  {
    label: 'D4',
    provider: 'generic',
    body: deployment('d4', 'acme/checkout', 'staging', 'd'.repeat(40), '2026-03-03T16:40:00Z'),
  },
  { label: 'pd-triggered', provider: 'pagerduty', body: fixture('pagerduty/incident.triggered.json') },
  { label: 'pd-resolved', provider: 'pagerduty', body: fixture('pagerduty/incident.resolved.json') },
  { label: 'io-created', provider: 'incident-io', body: fixture('incident-io/incident_created_v2.json') },
  {
    label: 'io-learning',
    provider: 'incident-io',
    body: fixture('incident-io/incident_status_updated_v2.learning.json'),
  },
  {
    label: 'gh-opened',
    provider: 'github',
    body: fixture('github/issues/opened.labeled.json'),
    headers: { 'x-github-event': 'issues' },
  },
  {
    label: 'gh-closed',
    provider: 'github',
    body: fixture('github/issues/closed.json'),
    headers: { 'x-github-event': 'issues' },
  },
  {
    label: 'gl-closed',
    provider: 'gitlab',
    body: fixture('gitlab/issues/issue.incident.close.json'),
    headers: { 'x-gitlab-event': 'Issue Hook' },
  },
  { label: 'generic-open', provider: 'generic', body: fixture('generic/incidents/open-with-sha.json') },
  { label: 'generic-resolved', provider: 'generic', body: fixture('generic/incidents/resolved.json') },
];

async function signed(send: Send, secret: string, key: string): Promise<Record<string, string>> {
  const base = { 'content-type': 'application/json', ...send.headers };
  switch (send.provider) {
    case 'generic':
      return { ...base, 'x-shipwatch-signature-256': await sign(secret, send.body), 'x-shipwatch-delivery': key };
    case 'github':
      return { ...base, 'x-hub-signature-256': await sign(secret, send.body), 'x-github-delivery': key };
    case 'gitlab':
      return { ...base, 'x-gitlab-token': secret, 'idempotency-key': key };
    case 'pagerduty':
      return { ...base, 'x-pagerduty-signature': signPagerdutyBody(secret, send.body), 'x-webhook-id': key };
    case 'incident-io': {
      // Standard Webhooks checks the timestamp against the server's real clock.
      const timestamp = Math.floor(Date.now() / 1000);
      return {
        ...base,
        'webhook-id': key,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signStandardWebhook(secret, key, timestamp, send.body),
      };
    }
  }
}

/** Shuffles a copy with a fixed seed (a small LCG), so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describeEachDatabase('incidents through the receiver', ({ handle, db }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(handle(), { start: Date.parse('2026-03-04T12:00:00Z') });
  });

  async function project(name: string): Promise<{ projectId: string; hooks: Hooks }> {
    const made = await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name } });
    const projectId = made.json().id as string;
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/projects/${projectId}/settings`,
      headers: t.auth,
      payload: { pagerdutyServices: { PF9KMXH: 'acme/checkout' } },
    });
    expect(put.statusCode).toBe(200);
    const hooks = {} as Hooks;
    for (const provider of ['generic', 'pagerduty', 'incident-io', 'github', 'gitlab'] as const) {
      const secret = provider === 'pagerduty' ? PD_SECRET : provider === 'incident-io' ? IO_SECRET : undefined;
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/projects/${projectId}/webhooks`,
        headers: t.auth,
        payload: { provider, ...(secret === undefined ? {} : { secret }) },
      });
      expect(res.statusCode, provider).toBe(201);
      hooks[provider] = { id: res.json().id, secret: res.json().secret };
    }
    return { projectId, hooks };
  }

  async function deliver(hooks: Hooks, send: Send, key = `key-${send.label}`, secret?: string) {
    const hook = hooks[send.provider];
    return t.app.inject({
      method: 'POST',
      url: `/hooks/${hook.id}`,
      headers: await signed(send, secret ?? hook.secret, key),
      payload: send.body,
    });
  }

  async function incidents(projectId: string, query = '') {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/projects/${projectId}/incidents${query}`,
      headers: t.auth,
    });
    expect(res.statusCode).toBe(200);
    return res.json() as { incidents: Record<string, unknown>[]; nextCursor: string | null };
  }

  async function restore(projectId: string, query = '') {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/projects/${projectId}/metrics?from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z${query}`,
      headers: t.auth,
    });
    expect(res.statusCode).toBe(200);
    return res.json().timeToRestoreService;
  }

  /** The incidents by title, without ids: deployments are named by their provider id. */
  async function summary(projectId: string) {
    const deployments = await t.app.inject({
      method: 'GET',
      url: `/api/projects/${projectId}/deployments`,
      headers: t.auth,
    });
    const names = new Map<string, string>(
      deployments
        .json()
        .deployments.map((d: { id: string; providerDeploymentId?: string; url: string | null; sha: string }) => [
          d.id,
          d.sha,
        ]),
    );
    return (await incidents(projectId)).incidents.map((i) => ({
      provider: i.provider,
      title: i.title,
      status: i.status,
      startedAt: i.startedAt,
      resolvedAt: i.resolvedAt,
      repository: i.repository,
      deploymentSha: i.deploymentId === null ? null : names.get(i.deploymentId as string),
      attribution: i.attribution,
    }));
  }

  const EXPECTED = [
    // newest first by start
    {
      provider: 'gitlab',
      startedAt: '2026-03-03T16:55:02.000Z',
      resolvedAt: '2026-03-03T17:40:19.000Z',
      repository: 'acme/shop/checkout',
      deploymentSha: null,
      attribution: null,
    },
    {
      provider: 'github',
      startedAt: '2026-03-03T16:52:10.000Z',
      resolvedAt: '2026-03-03T17:31:44.000Z',
      repository: 'acme/checkout',
      deploymentSha: 'b'.repeat(40),
      attribution: 'window',
    },
    {
      provider: 'incident-io',
      startedAt: '2026-03-03T16:49:30.000Z',
      resolvedAt: '2026-03-03T17:06:12.000Z',
      repository: null,
      deploymentSha: 'c'.repeat(40),
      attribution: 'window',
    },
    {
      provider: 'pagerduty',
      startedAt: '2026-03-03T16:48:02.000Z',
      resolvedAt: '2026-03-03T17:05:41.000Z',
      repository: 'acme/checkout',
      deploymentSha: 'b'.repeat(40),
      attribution: 'window',
    },
    {
      provider: 'generic',
      startedAt: '2026-03-03T16:45:00.000Z',
      resolvedAt: '2026-03-03T17:12:30.000Z',
      repository: 'acme/checkout',
      deploymentSha: SHA_D1,
      attribution: 'sha',
    },
  ];
  // Hand-computed: 2717, 2374, 1002, 1059 and 1650 seconds; median 1650. acme/checkout: 2374, 1059, 1650.
  const ALL = { medianSeconds: 1650, incidents: 5, resolved: 5 };
  const CHECKOUT = { medianSeconds: 1650, incidents: 3, resolved: 3 };

  it('stores, attributes and times incidents from every source, delivered in order', async () => {
    const { projectId, hooks } = await project('in order');
    for (const send of DELIVERIES) {
      const res = await deliver(hooks, send);
      expect(res.statusCode, send.label).toBe(200);
      expect(res.json().outcome, send.label).toBe('accepted');
    }
    expect((await summary(projectId)).map(({ title: _t, status, ...rest }) => ({ ...rest, status }))).toEqual(
      EXPECTED.map((e) => ({ ...e, status: 'resolved' })),
    );
    expect(await restore(projectId)).toEqual(ALL);
    expect(await restore(projectId, '&repository=acme/checkout')).toEqual(CHECKOUT);
    const points = (
      await t.app.inject({
        method: 'GET',
        url: `/api/projects/${projectId}/metrics/series?from=2026-03-02&to=2026-03-04&interval=day`,
        headers: t.auth,
      })
    ).json().points;
    expect(points.map((p: { timeToRestoreService: unknown }) => p.timeToRestoreService)).toEqual([
      { medianSeconds: null, incidents: 0, resolved: 0 },
      ALL,
    ]);
  });

  it.each([1, 2, 3])('gives the same incidents and figures shuffled (seed %i)', async (seed) => {
    const { projectId, hooks } = await project(`shuffled ${seed}`);
    for (const send of shuffled(DELIVERIES, seed)) expect((await deliver(hooks, send)).statusCode).toBe(200);
    expect((await summary(projectId)).map(({ title: _t, status: _s, ...rest }) => rest)).toEqual(EXPECTED);
    expect(await restore(projectId)).toEqual(ALL);
    expect(await restore(projectId, '&repository=acme/checkout')).toEqual(CHECKOUT);
  });

  it('reads a PagerDuty sequence: an acknowledgement changes nothing, a redelivery is a duplicate, a rotated secret passes with two signatures', async () => {
    const { projectId, hooks } = await project('pagerduty');
    const triggered = {
      label: 'pd',
      provider: 'pagerduty',
      body: fixture('pagerduty/incident.triggered.json'),
    } as const;
    const acknowledged = { ...triggered, body: fixture('pagerduty/incident.acknowledged.json') };
    const resolved = { ...triggered, body: fixture('pagerduty/incident.resolved.json') };
    expect((await deliver(hooks, triggered, 'w-1')).json().outcome).toBe('accepted');
    expect((await deliver(hooks, triggered, 'w-1')).json().outcome).toBe('duplicate');
    expect((await deliver(hooks, acknowledged, 'w-2')).json()).toMatchObject({
      outcome: 'ignored',
      reason: 'nothing to change',
    });
    expect((await incidents(projectId)).incidents).toMatchObject([{ status: 'open', resolvedAt: null }]);

    const rotated = await t.app.inject({
      method: 'POST',
      url: `/api/webhooks/${hooks.pagerduty.id}/rotate-secret`,
      headers: t.auth,
      payload: { secret: PD_NEW_SECRET, graceSeconds: 3600 },
    });
    expect(rotated.json().secret).toBe(PD_NEW_SECRET);
    const noSecret = await t.app.inject({
      method: 'POST',
      url: `/api/webhooks/${hooks.pagerduty.id}/rotate-secret`,
      headers: t.auth,
      payload: {},
    });
    expect(noSecret.statusCode).toBe(400);
    // PagerDuty, during its own rotation, signs with both secrets: one `v1=` each, comma-separated.
    const headers = await signed(resolved, PD_NEW_SECRET, 'w-3');
    headers['x-pagerduty-signature'] =
      `${signPagerdutyBody('an unknown secret', resolved.body)},${signPagerdutyBody(PD_NEW_SECRET, resolved.body)}`;
    const res = await t.app.inject({
      method: 'POST',
      url: `/hooks/${hooks.pagerduty.id}`,
      headers,
      payload: resolved.body,
    });
    expect(res.json().outcome).toBe('accepted');
    expect((await incidents(projectId)).incidents).toMatchObject([
      { status: 'resolved', resolvedAt: '2026-03-03T17:05:41.000Z', webhookId: hooks.pagerduty.id },
    ]);
    const wrong = await deliver(hooks, resolved, 'w-4', 'an unknown secret');
    expect(wrong.statusCode).toBe(401);
    const log = await t.app.inject({
      method: 'GET',
      url: `/api/webhooks/${hooks.pagerduty.id}/deliveries`,
      headers: t.auth,
    });
    expect(log.json().deliveries.map((d: { outcome: string }) => d.outcome)).toEqual([
      'rejected',
      'accepted',
      'ignored',
      'duplicate',
      'accepted',
    ]);
  });

  it('refuses a Standard Webhooks delivery signed with the wrong key or a stale timestamp, and needs the secret to create', async () => {
    const { hooks, projectId } = await project('standard webhooks');
    const body = fixture('incident-io/incident_created_v2.json');
    const send = { label: 'io', provider: 'incident-io', body } as const;
    const wrong = await deliver(hooks, send, 'msg_1', `whsec_${Buffer.from('another key').toString('base64')}`);
    expect(wrong.statusCode).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 600;
    const res = await t.app.inject({
      method: 'POST',
      url: `/hooks/${hooks['incident-io'].id}`,
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_2',
        'webhook-timestamp': String(stale),
        'webhook-signature': signStandardWebhook(IO_SECRET, 'msg_2', stale, body),
      },
      payload: body,
    });
    expect(res.statusCode).toBe(401);
    expect((await incidents(projectId)).incidents).toEqual([]);
    const without = await t.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/webhooks`,
      headers: t.auth,
      payload: { provider: 'incident-io' },
    });
    expect(without.statusCode).toBe(400);
  });

  it('lets a person link, unlink and return an incident to automatic; 409 for a deployment that is not successful production', async () => {
    const { projectId, hooks } = await project('links');
    for (const send of DELIVERIES) await deliver(hooks, send);
    const list = (await incidents(projectId)).incidents;
    const gitlab = list.find((i) => i.provider === 'gitlab') as { id: string };
    const deployments = (
      await t.app.inject({ method: 'GET', url: `/api/projects/${projectId}/deployments`, headers: t.auth })
    ).json().deployments as { id: string; sha: string }[];
    const d2 = deployments.find((d) => d.sha === 'b'.repeat(40)) as { id: string };
    const d4 = deployments.find((d) => d.sha === 'd'.repeat(40)) as { id: string };
    const patch = (deploymentId: string | null) =>
      t.app.inject({ method: 'PATCH', url: `/api/incidents/${gitlab.id}`, headers: t.auth, payload: { deploymentId } });
    expect((await patch(d2.id)).json()).toMatchObject({ deploymentId: d2.id, attribution: 'manual' });
    expect((await patch(d4.id)).statusCode).toBe(409);
    expect((await patch(null)).json()).toMatchObject({ deploymentId: null, attribution: 'manual' });
    expect((await patch('auto')).json()).toMatchObject({ deploymentId: null, attribution: null });
    expect((await patch(d2.id)).statusCode).toBe(200);
    // D2 came through the generic webhook: revoking it removes D2, and the person's link returns to automatic.
    const revoked = await t.app.inject({
      method: 'POST',
      url: `/api/webhooks/${hooks.generic.id}/revoke`,
      headers: t.auth,
    });
    expect(revoked.json().deleted).toMatchObject({ deployments: 4, incidents: 1 });
    const after = (await incidents(projectId)).incidents;
    expect(after.find((i) => i.id === gitlab.id)).toMatchObject({ deploymentId: null, attribution: null });
    expect(after.map((i) => i.provider)).toEqual(['gitlab', 'github', 'incident-io', 'pagerduty']);
  });

  it('removes on revoke only the incidents its webhook delivered alone', async () => {
    const { projectId, hooks } = await project('revoke');
    for (const send of DELIVERIES) await deliver(hooks, send);
    const second = await t.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/webhooks`,
      headers: t.auth,
      payload: { provider: 'pagerduty', secret: PD_SECRET },
    });
    const both = { ...hooks, pagerduty: { id: second.json().id, secret: PD_SECRET } };
    // The incident.io webhook alone delivered its incident; PagerDuty's came through two webhooks.
    await deliver(both, DELIVERIES[5] as Send, 'again');
    const gone = await t.app.inject({
      method: 'POST',
      url: `/api/webhooks/${hooks['incident-io'].id}/revoke`,
      headers: t.auth,
    });
    expect(gone.json().deleted.incidents).toBe(1);
    const kept = await t.app.inject({
      method: 'POST',
      url: `/api/webhooks/${hooks.pagerduty.id}/revoke`,
      headers: t.auth,
    });
    expect(kept.json().deleted.incidents).toBe(0);
    const list = (await incidents(projectId)).incidents;
    expect(list.map((i) => i.provider)).toEqual(['gitlab', 'github', 'pagerduty', 'generic']);
    expect(list.find((i) => i.provider === 'pagerduty')).toMatchObject({ webhookId: second.json().id });
    // 1059, 1650, 2374 and 2717 seconds: the median is (1650 + 2374) / 2.
    expect(await restore(projectId)).toEqual({ medianSeconds: 2012, incidents: 4, resolved: 4 });
  });

  it('a revoke removes the events only its webhook delivered: an issue closed through it is open again', async () => {
    const { projectId, hooks } = await project('event lineage');
    const second = await t.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/webhooks`,
      headers: t.auth,
      payload: { provider: 'github' },
    });
    const other = { ...hooks, github: { id: second.json().id, secret: second.json().secret } };
    const issues = { 'x-github-event': 'issues' };
    const opened: Send = {
      label: 'o',
      provider: 'github',
      body: fixture('github/issues/opened.labeled.json'),
      headers: issues,
    };
    const closed: Send = {
      label: 'c',
      provider: 'github',
      body: fixture('github/issues/closed.json'),
      headers: issues,
    };
    expect((await deliver(hooks, opened)).json().outcome).toBe('accepted');
    // The same event again through the second webhook, then the close through it alone.
    expect((await deliver(other, opened, 'o-2')).json().outcome).toBe('duplicate');
    expect((await deliver(other, closed)).json().outcome).toBe('accepted');
    expect((await incidents(projectId)).incidents).toMatchObject([{ status: 'resolved' }]);
    const revoked = await t.app.inject({
      method: 'POST',
      url: `/api/webhooks/${other.github.id}/revoke`,
      headers: t.auth,
    });
    // The issue stays (the first webhook delivered it too), without the close only the second delivered.
    expect(revoked.json().deleted.incidents).toBe(0);
    expect((await incidents(projectId)).incidents).toMatchObject([
      { status: 'open', resolvedAt: null, webhookId: hooks.github.id },
    ]);
  });

  it('pages newest first by start with nextCursor, and leaves out other repositories', async () => {
    const { projectId, hooks } = await project('pages');
    for (const send of DELIVERIES) await deliver(hooks, send);
    const first = await incidents(projectId, '?limit=2');
    expect(first.incidents.map((i) => i.provider)).toEqual(['gitlab', 'github']);
    const next = await incidents(projectId, `?limit=2&before=${encodeURIComponent(first.nextCursor as string)}`);
    expect(next.incidents.map((i) => i.provider)).toEqual(['incident-io', 'pagerduty']);
    const checkout = await incidents(projectId, '?repository=acme/checkout');
    expect(checkout.incidents.map((i) => i.provider)).toEqual(['github', 'pagerduty', 'generic']);
    const window = await incidents(projectId, '?from=2026-03-03T16:49:00Z&to=2026-03-03T16:53:00Z');
    expect(window.incidents.map((i) => i.provider)).toEqual(['github', 'incident-io']);
  });

  it("reads an issue as an incident by the project's incidentLabels as they are now, for past deliveries too", async () => {
    const { projectId, hooks } = await project('labels');
    const payload = JSON.parse(fixture('github/issues/opened.labeled.json'));
    for (const label of payload.issue.labels) label.name = label.name === 'incident' ? 'outage' : label.name;
    const send: Send = {
      label: 'gh',
      provider: 'github',
      body: JSON.stringify(payload),
      headers: { 'x-github-event': 'issues' },
    };
    expect((await deliver(hooks, send, 'g-1')).json()).toMatchObject({
      outcome: 'ignored',
      reason: 'issue #412 has no label in incidentLabels (incident) and its type is not Incident',
    });
    expect((await incidents(projectId)).incidents).toEqual([]);
    const put = (incidentLabels: string[]) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/projects/${projectId}/settings`,
        headers: t.auth,
        payload: { incidentLabels, pagerdutyServices: { PF9KMXH: 'acme/checkout' } },
      });
    expect((await put(['Outage'])).statusCode).toBe(200);
    // The issue kept when it came is an incident at once, without a redelivery (which is a duplicate).
    expect((await incidents(projectId)).incidents).toMatchObject([{ provider: 'github', status: 'open' }]);
    expect((await deliver(hooks, send, 'g-2')).json().outcome).toBe('duplicate');
    // Its raw body past retention changes nothing: the decision reads the stored labels.
    await db().updateTable('deliveries').set({ raw_body: null }).where('webhook_id', '=', hooks.github.id).execute();
    expect((await put(['incident'])).statusCode).toBe(200);
    expect((await incidents(projectId)).incidents).toEqual([]);
    expect((await put(['sev-2'])).statusCode).toBe(200);
    expect((await incidents(projectId)).incidents).toMatchObject([{ provider: 'github' }]);
    expect(await restore(projectId)).toMatchObject({ incidents: 1 });
  });
});
