import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { revokeWebhook } from '../../src/manage/revoke-webhook.js';
import { genericDeployment, genericHeaders } from '../factories/generic.js';
import { githubDeploymentStatus, githubHeaders, githubPush } from '../factories/github.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

// Issue 20: a deployment's page lists the deliveries that fed it (GET /api/deployments/:id/deliveries). Real signed
// deliveries through the receiver, on both databases: several status events of one deployment, from GitHub, GitLab
// and the generic webhook; what did not carry the deployment (a push, another deployment, an ignored status) is
// not listed; revoke and replay keep the links right.

type Json = Record<string, unknown>;
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const fixture = (path: string): Json => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as Json;

interface Hook {
  id: string;
  secret: string;
}

interface Answer {
  outcome: string;
  deliveryId: string;
  key: string;
}

interface Listed {
  id: string;
  receivedAt: string;
  event: string | null;
  outcome: string;
  httpStatus: number;
  reason: string | null;
  webhookId: string;
  deliveryKey: string | null;
}

async function setUp(t: TestApp) {
  const projectId = (
    await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'fed' } })
  ).json().id as string;
  const hook = async (provider: string): Promise<Hook> =>
    (
      await t.app.inject({
        method: 'POST',
        url: `/api/projects/${projectId}/webhooks`,
        headers: t.auth,
        payload: { provider },
      })
    ).json() as Hook;
  /** Posts a signed body; each delivery a second after the last, so that newest first is one order. */
  const post = async (hookId: string, headers: Record<string, string>, body: string, key: string) => {
    t.advance(1000);
    const res = await t.app.inject({ method: 'POST', url: `/hooks/${hookId}`, headers, payload: body });
    expect(res.statusCode, res.body).toBe(200);
    return { ...(res.json() as { outcome: string; deliveryId: string }), key };
  };
  const github = async (h: Hook, event: string, payload: Json, key: string = randomUUID()): Promise<Answer> => {
    const body = JSON.stringify(payload);
    return post(h.id, githubHeaders(event, body, h.secret, key), body, key);
  };
  const gitlab = async (
    h: Hook,
    payload: Json,
    event = 'Deployment Hook',
    key: string = randomUUID(),
  ): Promise<Answer> => {
    const body = JSON.stringify(payload);
    const headers = {
      'content-type': 'application/json',
      'x-gitlab-event': event,
      'x-gitlab-token': h.secret,
      'x-gitlab-instance': 'https://gitlab.example.com',
      'idempotency-key': key,
    };
    return post(h.id, headers, body, key);
  };
  const generic = async (h: Hook, payload: Json, key: string = randomUUID()): Promise<Answer> => {
    const body = JSON.stringify(payload);
    return post(h.id, genericHeaders(body, h.secret, key), body, key);
  };
  const list = async (
    deploymentId: string,
    query = '',
  ): Promise<{ deliveries: Listed[]; nextCursor: string | null }> => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/deployments/${deploymentId}/deliveries${query}`,
      headers: t.auth,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const deploymentOf = async (repository: string): Promise<string> => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/projects/${projectId}/deployments?repository=${encodeURIComponent(repository)}`,
      headers: t.auth,
    });
    const found = (res.json() as { deployments: { id: string }[] }).deployments;
    expect(found, repository).toHaveLength(1);
    return (found[0] as { id: string }).id;
  };
  return { projectId, hook, github, gitlab, generic, list, deploymentOf };
}

/** A GitHub `deployment` event: the deployment without a status (what GitHub sends when it is created). */
function githubDeploymentCreated(deploymentId: number, repository: string): Json {
  const { deployment_status: _status, ...created } = githubDeploymentStatus({
    deploymentId,
    statusId: 1,
    state: 'pending',
    createdAt: '2026-03-02T09:00:00Z',
    repository,
  });
  return created;
}

function gitlabDeployment(deploymentId: number, status: 'running' | 'success', changedAt: string): Json {
  const body = fixture('gitlab/deployment.success-offset.json');
  return {
    ...body,
    deployment_id: deploymentId,
    status,
    status_changed_at: changedAt,
    project: { ...(body.project as Json), path_with_namespace: 'acme/gitlab-app' },
  };
}

/** What the list should say of a delivery: the receiver's answer, newest first. */
const expected = (answers: readonly Answer[], webhookId: string) =>
  [...answers].reverse().map((a) => ({ id: a.deliveryId, outcome: a.outcome, deliveryKey: a.key, webhookId }));
const seen = (rows: readonly Listed[]) =>
  rows.map((r) => ({ id: r.id, outcome: r.outcome, deliveryKey: r.deliveryKey, webhookId: r.webhookId }));

describeEachDatabase("a deployment's deliveries", ({ handle }) => {
  it('lists every delivery that carried the deployment, from GitHub, GitLab and generic, and no other', async () => {
    const t = await buildTestApp(handle());
    const s = await setUp(t);
    const gh = await s.hook('github');
    const gl = await s.hook('gitlab');
    const gen = await s.hook('generic');
    const status = (deploymentId: number, statusId: number, state: string, at: string) =>
      githubDeploymentStatus({ deploymentId, statusId, state, createdAt: at, repository: 'acme/shop' });

    // GitHub: the deployment made, then three statuses; a redelivery of the last one (GitHub's "Redeliver").
    const created = await s.github(gh, 'deployment', githubDeploymentCreated(7, 'acme/shop'));
    const queued = await s.github(gh, 'deployment_status', status(7, 71, 'queued', '2026-03-02T10:00:00Z'));
    const running = await s.github(gh, 'deployment_status', status(7, 72, 'in_progress', '2026-03-02T10:01:00Z'));
    const succeeded = await s.github(gh, 'deployment_status', status(7, 73, 'success', '2026-03-02T10:05:00Z'));
    const body = JSON.stringify(status(7, 73, 'success', '2026-03-02T10:05:00Z'));
    const redelivered = await s.github(gh, 'deployment_status', JSON.parse(body), succeeded.key);
    // Not about deployment 7: an ignored status of it (`inactive` is no status), another deployment, a push.
    const inactive = await s.github(gh, 'deployment_status', status(7, 74, 'inactive', '2026-03-02T11:00:00Z'));
    const other = await s.github(
      gh,
      'deployment_status',
      githubDeploymentStatus({
        deploymentId: 8,
        statusId: 81,
        state: 'success',
        createdAt: '2026-03-02T10:30:00Z',
        repository: 'acme/other',
      }),
    );
    const push = await s.github(
      gh,
      'push',
      githubPush({
        repository: 'acme/shop',
        before: 'b'.repeat(40),
        after: 'c'.repeat(40),
        commits: [{ id: 'c'.repeat(40), timestamp: '2026-03-02T09:00:00Z' }],
      }),
    );
    expect([created, queued, running, succeeded].map((a) => a.outcome)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
    ]);
    expect([redelivered.outcome, inactive.outcome, other.outcome, push.outcome]).toEqual([
      'duplicate',
      'ignored',
      'accepted',
      'accepted',
    ]);

    // GitLab: running, then success; a push through the same webhook.
    const glRunning = await s.gitlab(gl, gitlabDeployment(15, 'running', '2026-03-02 11:00:00 +0100'));
    const glSuccess = await s.gitlab(gl, gitlabDeployment(15, 'success', '2026-03-02 11:20:00 +0100'));
    const glPush = await s.gitlab(gl, fixture('gitlab/push.docs-example.json'), 'Push Hook');
    expect([glRunning.outcome, glSuccess.outcome, glPush.outcome]).toEqual(['accepted', 'accepted', 'accepted']);

    // Generic: in progress, then failure.
    const g = (st: 'in_progress' | 'failure') =>
      genericDeployment({
        deploymentId: 'g-1',
        repository: 'acme/generic',
        status: st,
        finishedAt: '2026-03-02T12:00:00Z',
      });
    const genRunning = await s.generic(gen, g('in_progress'));
    const genFailed = await s.generic(gen, g('failure'));

    const shop = await s.deploymentOf('acme/shop');
    const whole = await s.list(shop);
    expect(seen(whole.deliveries)).toEqual(expected([created, queued, running, succeeded, redelivered], gh.id));
    expect(whole.nextCursor).toBeNull();
    // Each row as the webhook's log has it, plus its webhook and key.
    const log = (
      await t.app.inject({ method: 'GET', url: `/api/webhooks/${gh.id}/deliveries`, headers: t.auth })
    ).json() as { deliveries: Json[] };
    for (const row of whole.deliveries) {
      const { webhookId: _w, deliveryKey: _k, ...asLogged } = row;
      expect(log.deliveries).toContainEqual(asLogged);
    }
    expect(whole.deliveries.map((d) => d.event)).toEqual([
      'deployment_status',
      'deployment_status',
      'deployment_status',
      'deployment_status',
      'deployment',
    ]);

    // Pages of two, by `before`: the same rows.
    const first = await s.list(shop, '?limit=2');
    expect(first.deliveries).toEqual(whole.deliveries.slice(0, 2));
    const second = await s.list(shop, `?limit=2&before=${first.nextCursor}`);
    expect(second.deliveries).toEqual(whole.deliveries.slice(2, 4));
    const third = await s.list(shop, `?limit=2&before=${second.nextCursor}`);
    expect(third.deliveries).toEqual(whole.deliveries.slice(4));
    expect(third.nextCursor).toBeNull();

    expect(seen((await s.list(await s.deploymentOf('acme/other'))).deliveries)).toEqual(expected([other], gh.id));
    expect(seen((await s.list(await s.deploymentOf('acme/gitlab-app'))).deliveries)).toEqual(
      expected([glRunning, glSuccess], gl.id),
    );
    expect(seen((await s.list(await s.deploymentOf('acme/generic'))).deliveries)).toEqual(
      expected([genRunning, genFailed], gen.id),
    );
    // A delivery carrying no deployment links to none.
    const links = await handle()
      .db.selectFrom('deliveries')
      .select(['id', 'deployment_id'])
      .where('id', 'in', [inactive.deliveryId, push.deliveryId, glPush.deliveryId])
      .execute();
    expect(links.map((l) => l.deployment_id)).toEqual([null, null, null]);

    const missing = await t.app.inject({ method: 'GET', url: '/api/deployments/dep_nope/deliveries', headers: t.auth });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('Deployment dep_nope does not exist.');
  });

  it("the log's `at` starts a page at one delivery: the deployment page's link to it", async () => {
    const t = await buildTestApp(handle());
    const s = await setUp(t);
    const gen = await s.hook('generic');
    const sent: Answer[] = [];
    for (const id of ['a', 'b', 'c', 'd']) sent.push(await s.generic(gen, genericDeployment({ deploymentId: id })));
    const at = (sent[1] as Answer).deliveryId;
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/webhooks/${gen.id}/deliveries?at=${at}&limit=1`,
      headers: t.auth,
    });
    const page = res.json() as { deliveries: { id: string }[]; nextCursor: string | null };
    expect(page.deliveries.map((d) => d.id)).toEqual([at]);
    expect(page.nextCursor).toBe(at);
  });

  it('a revoked webhook’s deliveries leave the list at once; what only it delivered is gone', async () => {
    const t = await buildTestApp(handle());
    const s = await setUp(t);
    const a = await s.hook('github');
    const b = await s.hook('github');
    const status = (statusId: number, state: string, at: string) =>
      githubDeploymentStatus({ deploymentId: 9, statusId, state, createdAt: at, repository: 'acme/two' });
    const aRunning = await s.github(a, 'deployment_status', status(91, 'in_progress', '2026-03-02T10:00:00Z'));
    // B delivers the same event (already stored: duplicate, B joins the lineage), then one of its own.
    const bRunning = await s.github(b, 'deployment_status', status(91, 'in_progress', '2026-03-02T10:00:00Z'));
    const bSuccess = await s.github(b, 'deployment_status', status(92, 'success', '2026-03-02T10:10:00Z'));
    expect([aRunning.outcome, bRunning.outcome, bSuccess.outcome]).toEqual(['accepted', 'duplicate', 'accepted']);
    const onlyB = await s.github(
      b,
      'deployment_status',
      githubDeploymentStatus({
        deploymentId: 10,
        statusId: 101,
        state: 'success',
        createdAt: '2026-03-02T11:00:00Z',
        repository: 'acme/b-only',
      }),
    );
    const two = await s.deploymentOf('acme/two');
    const bOnly = await s.deploymentOf('acme/b-only');
    expect(seen((await s.list(two)).deliveries)).toEqual([
      ...expected([bRunning, bSuccess], b.id),
      ...expected([aRunning], a.id),
    ]);
    expect(seen((await s.list(bOnly)).deliveries)).toEqual(expected([onlyB], b.id));

    // At the mark (B's deliveries still stored, to be deleted in batches), and once the deletions are done.
    let atMark: unknown = null;
    let bOnlyAtMark = 0;
    await revokeWebhook(
      handle().db,
      { id: b.id, actor: 'test', now: t.now() },
      {
        afterMark: async () => {
          atMark = seen((await s.list(two)).deliveries);
          bOnlyAtMark = (
            await t.app.inject({ method: 'GET', url: `/api/deployments/${bOnly}/deliveries`, headers: t.auth })
          ).statusCode;
        },
      },
    );
    expect(atMark).toEqual(expected([aRunning], a.id));
    expect(bOnlyAtMark).toBe(404);
    expect(seen((await s.list(two)).deliveries)).toEqual(expected([aRunning], a.id));
    const gone = await t.app.inject({ method: 'GET', url: `/api/deployments/${bOnly}/deliveries`, headers: t.auth });
    expect(gone.statusCode).toBe(404);
    // No delivery links to a deleted deployment.
    const dangling = await handle()
      .db.selectFrom('deliveries')
      .select('id')
      .where('deployment_id', '=', bOnly)
      .execute();
    expect(dangling).toEqual([]);
  });

  it('a replay links deliveries stored without a link, and puts a wrong link right', async () => {
    const t = await buildTestApp(handle());
    const s = await setUp(t);
    const gen = await s.hook('generic');
    const d = (id: string, st: 'in_progress' | 'success') =>
      genericDeployment({ deploymentId: id, repository: `acme/${id}`, status: st });
    const r1 = [await s.generic(gen, d('r1', 'in_progress')), await s.generic(gen, d('r1', 'success'))];
    const r2 = [await s.generic(gen, d('r2', 'success'))];
    const one = await s.deploymentOf('acme/r1');
    const two = await s.deploymentOf('acme/r2');
    const db = handle().db;
    // As stored before migration 0011 (no link), and one link wrong.
    await db.updateTable('deliveries').set({ deployment_id: null }).where('webhook_id', '=', gen.id).execute();
    await db
      .updateTable('deliveries')
      .set({ deployment_id: two })
      .where('id', '=', (r1[0] as Answer).deliveryId)
      .execute();
    expect(seen((await s.list(one)).deliveries)).toEqual([]);
    expect((await s.list(two)).deliveries).toHaveLength(1);

    const replayed = await t.app.inject({ method: 'POST', url: `/api/webhooks/${gen.id}/replay`, headers: t.auth });
    expect(replayed.statusCode, replayed.body).toBe(200);
    // The records were right: the replay corrects none of them, only the links.
    expect(replayed.json()).toMatchObject({ replayed: 3, stored: 0, corrected: 0, removed: 0 });
    expect(seen((await s.list(one)).deliveries)).toEqual(expected(r1, gen.id));
    expect(seen((await s.list(two)).deliveries)).toEqual(expected(r2, gen.id));
  });

  it('a replay whose parser derives another deployment moves the link, and a deleted one keeps none', async () => {
    const t = await buildTestApp(handle());
    const s = await setUp(t);
    const gen = await s.hook('generic');
    const body = genericDeployment({ deploymentId: 'old-id', repository: 'acme/moved' });
    const sent = await s.generic(gen, body);
    const again = await s.generic(gen, body, sent.key); // the same key again: duplicate, no body kept
    expect([sent.outcome, again.outcome]).toEqual(['accepted', 'duplicate']);
    const old = await s.deploymentOf('acme/moved');
    expect(seen((await s.list(old)).deliveries)).toEqual(expected([sent, again], gen.id));
    // As if a parser fix read another deployment id from the kept body.
    const db = handle().db;
    await db
      .updateTable('deliveries')
      .set({ raw_body: JSON.stringify({ ...body, deploymentId: 'new-id' }) })
      .where('id', '=', sent.deliveryId)
      .execute();
    const replayed = await t.app.inject({ method: 'POST', url: `/api/webhooks/${gen.id}/replay`, headers: t.auth });
    expect(replayed.json()).toMatchObject({ replayed: 1, stored: 1, removed: 1 });
    const moved = await s.deploymentOf('acme/moved');
    expect(moved).not.toBe(old);
    expect(seen((await s.list(moved)).deliveries)).toEqual(expected([sent], gen.id));
    const links = await db
      .selectFrom('deliveries')
      .select('deployment_id')
      .where('id', '=', again.deliveryId)
      .executeTakeFirstOrThrow();
    expect(links.deployment_id).toBeNull();
  });
});
