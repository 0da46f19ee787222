import { expect, it } from 'vitest';
import { genericDeployment, genericHeaders } from '../factories/generic.js';
import { buildTestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

const sha = (n: number) => n.toString(16).padStart(40, '0');

describeEachDatabase('generic deployments and their commits', ({ handle }) => {
  it('counts listed commits less what an earlier deployment brought; an empty list is 0, no list and no push unknown', async () => {
    const t = await buildTestApp(handle());
    const project = (
      await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'g' } })
    ).json().id;
    const hook = (
      await t.app.inject({
        method: 'POST',
        url: `/api/projects/${project}/webhooks`,
        headers: t.auth,
        payload: { provider: 'generic' },
      })
    ).json();
    const send = async (body: Record<string, unknown>) => {
      const text = JSON.stringify(body);
      const res = await t.app.inject({
        method: 'POST',
        url: `/hooks/${hook.id}`,
        headers: genericHeaders(text, hook.secret),
        payload: text,
      });
      expect(res.json().outcome).toBe('accepted');
    };
    await send(
      genericDeployment({
        deploymentId: 'a',
        sha: sha(2),
        finishedAt: '2026-03-02T12:00:00Z',
        commits: [
          { sha: sha(1), timestamp: '2026-03-02T10:00:00Z' },
          { sha: sha(2), timestamp: '2026-03-02T11:00:00Z' },
        ],
      }),
    );
    await send(
      genericDeployment({
        deploymentId: 'b',
        sha: sha(3),
        finishedAt: '2026-03-03T12:00:00Z',
        commits: [
          { sha: sha(2), timestamp: '2026-03-02T11:00:00Z' },
          { sha: sha(3), timestamp: '2026-03-03T06:00:00Z' },
        ],
      }),
    );
    await send(genericDeployment({ deploymentId: 'c', sha: sha(3), finishedAt: '2026-03-04T12:00:00Z', commits: [] }));
    await send(genericDeployment({ deploymentId: 'd', sha: sha(9), finishedAt: '2026-03-05T12:00:00Z' }));
    const list = (
      await t.app.inject({ method: 'GET', url: `/api/projects/${project}/deployments`, headers: t.auth })
    ).json();
    const byFinish = Object.fromEntries(
      list.deployments.map((d: { finishedAt: string; commits: number | null; leadTimeSeconds: number | null }) => [
        d.finishedAt.slice(0, 10),
        [d.commits, d.leadTimeSeconds],
      ]),
    );
    expect(byFinish).toEqual({
      '2026-03-02': [2, 7200],
      '2026-03-03': [1, 6 * 3600],
      '2026-03-04': [0, null],
      '2026-03-05': [null, null],
    });
  });
});
