import { expect, it } from 'vitest';
import { genericDeployment, genericHeaders } from '../factories/generic.js';
import { githubHeaders, githubPush } from '../factories/github.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

const sha = (n: number) => n.toString(16).padStart(40, '0');

async function webhook(t: TestApp, project: string, provider: string) {
  return (
    await t.app.inject({
      method: 'POST',
      url: `/api/projects/${project}/webhooks`,
      headers: t.auth,
      payload: { provider },
    })
  ).json() as { id: string; secret: string };
}

describeEachDatabase('commits keep their message and author', ({ handle }) => {
  it('from a push and a generic body; a commit stored bare gains them later, and what is stored is kept', async () => {
    const t = await buildTestApp(handle());
    const project = (
      await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'c' } })
    ).json().id;
    const generic = await webhook(t, project, 'generic');
    const github = await webhook(t, project, 'github');
    const sendGeneric = async (body: Record<string, unknown>) => {
      const text = JSON.stringify(body);
      const res = await t.app.inject({
        method: 'POST',
        url: `/hooks/${generic.id}`,
        headers: genericHeaders(text, generic.secret),
        payload: text,
      });
      expect(res.json().outcome).not.toBe('rejected');
    };
    // 1 is stored bare, then its message and author arrive; 2 arrives with them, then bare.
    await sendGeneric(
      genericDeployment({
        deploymentId: 'a',
        sha: sha(1),
        commits: [{ sha: sha(1), timestamp: '2026-03-02T10:00:00Z' }],
      }),
    );
    await sendGeneric(
      genericDeployment({
        deploymentId: 'b',
        sha: sha(2),
        finishedAt: '2026-03-03T12:00:00Z',
        commits: [
          {
            sha: sha(1),
            timestamp: '2026-03-02T10:00:00Z',
            message: 'feat: one',
            author: { name: 'Ana', email: 'ana@x.io' },
          },
          {
            sha: sha(2),
            timestamp: '2026-03-02T11:00:00Z',
            message: 'fix: two',
            author: { name: 'Bo', email: 'bo@x.io' },
          },
        ],
      }),
    );
    const push = JSON.stringify(
      githubPush({
        before: sha(2),
        after: sha(3),
        commits: [
          { id: sha(2), timestamp: '2026-03-02T11:00:00Z' },
          { id: sha(3), timestamp: '2026-03-03T09:00:00Z' },
        ],
      }),
    );
    const res = await t.app.inject({
      method: 'POST',
      url: `/hooks/${github.id}`,
      headers: githubHeaders('push', push, github.secret),
      payload: push,
    });
    expect(res.json().outcome).toBe('accepted');
    const rows = await handle()
      .db.selectFrom('commits')
      .select(['sha', 'message', 'author_name', 'author_email', 'author_username'])
      .where('project_id', '=', project)
      .orderBy('sha')
      .execute();
    expect(rows).toEqual([
      { sha: sha(1), message: 'feat: one', author_name: 'Ana', author_email: 'ana@x.io', author_username: null },
      { sha: sha(2), message: 'fix: two', author_name: 'Bo', author_email: 'bo@x.io', author_username: null },
      {
        sha: sha(3),
        message: `commit ${sha(3).slice(0, 7)}`,
        author_name: 'A',
        author_email: 'a@example.com',
        author_username: null,
      },
    ]);
  });
});
