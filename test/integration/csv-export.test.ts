import { parse } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDemo } from '../../src/demo/create-demo.js';
import { createSecretBox } from '../../src/secrets/secret-box.js';
import { genericDeployment, genericHeaders, shaOf } from '../factories/generic.js';
import { buildTestApp, PUBLIC_URL, TEST_KEY, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { replay, WEEK, WINDOW } from './support/pull-request-week.js';

const NOW = Date.parse('2026-11-27T15:30:00Z');
const DAY = 86_400_000;

interface Deployment {
  id: string;
  failureCauses: { kind: string }[];
  rework: { kind: string; of: string | null } | null;
  [field: string]: unknown;
}
interface Commit {
  sha: string;
  timestamp: string;
  message: string | null;
  author: { name: string | null };
  leadTimeSeconds: number;
  excluded: string | null;
  pullRequest: { number: number } | null;
}

/** A cell as the contract's CSV writes it, worked out here from the JSON answer (not from the server's code). */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const DEPLOYMENT_FIELDS = [
  'id',
  'webhookId',
  'provider',
  'repository',
  'environment',
  'production',
  'status',
  'sha',
  'ref',
  'startedAt',
  'finishedAt',
  'url',
  'commitUrl',
  'changeFailure',
  'commits',
  'commitsComplete',
  'leadTimeSeconds',
  'failedChange',
] as const;

const deploymentRow = (d: Deployment): string[] => [
  ...DEPLOYMENT_FIELDS.map((field) => cell(d[field])),
  d.failureCauses.map((cause) => cause.kind).join(';'),
  cell(d.rework?.kind),
  cell(d.rework?.of),
  cell(d.reworkOverride),
];

const commitRow = (deploymentId: string, c: Commit): string[] =>
  [
    deploymentId,
    c.sha,
    c.timestamp,
    c.author.name,
    c.message === null ? null : c.message.split(/\r\n|\r|\n/)[0],
    c.leadTimeSeconds,
    c.excluded,
    c.pullRequest?.number,
  ].map(cell);

describeEachDatabase('CSV exports', ({ handle }) => {
  let t: TestApp;
  let demoId: string;
  const get = async (url: string, headers: Record<string, string> = t.auth) => {
    const res = await t.app.inject({ method: 'GET', url, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  const csv = async (url: string) => {
    const res = await get(url);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[\w-]+\.csv"$/);
    // RFC 4180: every record, the last included, ends with CRLF.
    expect(res.body.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parse(res.body, { record_delimiter: '\r\n' }) as string[][];
    return { header, rows, body: res.body };
  };
  const jsonDeployments = async (projectId: string, window: string) => {
    const out: Deployment[] = [];
    let cursor: string | null = null;
    do {
      const page: { deployments: Deployment[]; nextCursor: string | null } = (
        await get(
          `/api/projects/${projectId}/deployments?${window}&limit=500${cursor === null ? '' : `&before=${cursor}`}`,
        )
      ).json();
      out.push(...page.deployments);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return out;
  };
  const jsonCommits = async (deploymentId: string) => {
    const out: Commit[] = [];
    let cursor: string | null = null;
    do {
      const page: { commits: Commit[]; nextCursor: string | null } = (
        await get(`/api/deployments/${deploymentId}/commits?limit=500${cursor === null ? '' : `&after=${cursor}`}`)
      ).json();
      out.push(...page.commits);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return out;
  };

  beforeAll(async () => {
    t = await buildTestApp(handle(), { start: NOW });
    const deps = {
      config: loadConfig({ SHIPWATCH_PUBLIC_URL: PUBLIC_URL, SHIPWATCH_DATA_DIR: '/tmp/shipwatch-test-unused' }),
      database: handle(),
      secretBox: createSecretBox(TEST_KEY),
    };
    demoId = (await createDemo(deps, { seed: 7, now: NOW, actor: 'test', days: 40 })).project.id;
  });

  it('deployments.csv holds the JSON list’s rows of the window, field for field, in its order', async () => {
    const window = `from=${new Date(NOW - 30 * DAY).toISOString().slice(0, 10)}&to=2026-11-27`;
    const expected = (await jsonDeployments(demoId, window)).map(deploymentRow);
    expect(expected.length).toBeGreaterThan(50);
    const { header, rows } = await csv(`/api/projects/${demoId}/deployments.csv?${window}`);
    expect(header).toEqual([...DEPLOYMENT_FIELDS, 'failureCauses', 'reworkKind', 'reworkOf', 'reworkOverride']);
    expect(rows).toEqual(expected);
    // The demo's failures and rework reach the file.
    expect(rows.some((row) => row[18] !== '')).toBe(true);
    // No window: every deployment, as the JSON list.
    expect((await csv(`/api/projects/${demoId}/deployments.csv`)).rows).toEqual(
      (await jsonDeployments(demoId, '')).map(deploymentRow),
    );
  });

  const expectedCommitRows = async (projectId: string, window: string) => {
    const expected: string[][] = [];
    for (const d of await jsonDeployments(projectId, window))
      for (const c of await jsonCommits(d.id)) expected.push(commitRow(d.id, c));
    return expected;
  };
  const COMMIT_HEADER = [
    'deploymentId',
    'sha',
    'timestamp',
    'authorName',
    'subject',
    'leadTimeSeconds',
    'excluded',
    'pullRequestNumber',
  ];

  it('commits.csv holds what each deployment of the window brought, with lead times and exclusions as the JSON', async () => {
    const window = `from=${new Date(NOW - 20 * DAY).toISOString()}&to=${new Date(NOW - 2 * DAY).toISOString()}`;
    const deployments = await jsonDeployments(demoId, window);
    const first = (await jsonCommits(deployments.find((d) => (d.commits as number) > 0)?.id ?? '')).at(0);
    // One author's commits are excluded from lead time: the file says so, as the JSON does.
    await t.app.inject({
      method: 'PUT',
      url: `/api/projects/${demoId}/settings`,
      headers: t.auth,
      payload: { leadTimeExcludedAuthors: [first?.author.name ?? 'nobody'] },
    });
    const expected = await expectedCommitRows(demoId, window);
    expect(expected.length).toBeGreaterThan(100);
    const { header, rows } = await csv(`/api/projects/${demoId}/commits.csv?${window}`);
    expect(header).toEqual(COMMIT_HEADER);
    expect(rows).toEqual(expected);
    expect(rows.some((row) => row[6] === 'author')).toBe(true);
    expect(rows.some((row) => row[6] === '')).toBe(true);
    await t.app.inject({ method: 'PUT', url: `/api/projects/${demoId}/settings`, headers: t.auth, payload: {} });
  });

  it('commits.csv names the pull request each commit came through (the pull request week, GitHub)', async () => {
    const project = await replay(t, WEEK);
    const expected = await expectedCommitRows(project, WINDOW);
    const { rows } = await csv(`/api/projects/${project}/commits.csv?${WINDOW}`);
    expect(rows).toEqual(expected);
    expect(new Set(rows.map((row) => row[7]))).toEqual(new Set(['', '1', '2', '3', '5']));
    expect(rows.filter((row) => row[6] === 'author')).toHaveLength(1);
  });

  it('quotes commas and quotes, keeps a message’s subject line, and defuses formulas', async () => {
    const project = (
      await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'quoting' } })
    ).json().id;
    const hook = (
      await t.app.inject({
        method: 'POST',
        url: `/api/projects/${project}/webhooks`,
        headers: t.auth,
        payload: { provider: 'generic' },
      })
    ).json();
    const body = JSON.stringify(
      genericDeployment({
        deploymentId: 'q1',
        repository: 'acme/web, legacy',
        sha: shaOf(4),
        finishedAt: '2026-11-20T12:00:00Z',
        commits: [
          { sha: shaOf(1), timestamp: '2026-11-20T09:00:00Z', message: 'Fix rounding, again' },
          {
            sha: shaOf(2),
            timestamp: '2026-11-20T10:00:00Z',
            message: 'Say "hello"\n\nThe body, over\ntwo lines',
            author: { name: 'Doe, "JD" Jane', email: 'jane@example.com' },
          },
          { sha: shaOf(3), timestamp: '2026-11-20T11:00:00Z', message: '=HYPERLINK("http://evil.example")' },
          { sha: shaOf(4), timestamp: '2026-11-20T11:30:00Z', message: '-1 day of waiting' },
        ],
      }),
    );
    const sent = await t.app.inject({
      method: 'POST',
      url: `/hooks/${hook.id}`,
      headers: genericHeaders(body, hook.secret),
      payload: body,
    });
    expect(sent.json().outcome).toBe('accepted');
    const commits = await csv(`/api/projects/${project}/commits.csv`);
    expect(commits.rows.map((row) => [row[3], row[4]])).toEqual([
      ['', 'Fix rounding, again'],
      ['Doe, "JD" Jane', 'Say "hello"'],
      ['', `'=HYPERLINK("http://evil.example")`],
      ['', "'-1 day of waiting"],
    ]);
    expect(commits.body).toContain(',"Fix rounding, again",');
    expect(commits.body).toContain(',"Doe, ""JD"" Jane","Say ""hello""",');
    expect(commits.body).toContain(`,"'=HYPERLINK(""http://evil.example"")",`);
    expect(commits.body.split('\r\n')).toHaveLength(6); // header, four rows, and the empty end
    const deployments = await csv(`/api/projects/${project}/deployments.csv`);
    expect(deployments.rows[0]?.[3]).toBe('acme/web, legacy');
    expect(deployments.body).toContain(',"acme/web, legacy",');
  });

  it('answers 400 for a bad time and 404 for an unknown project, in JSON, as the JSON routes do', async () => {
    for (const path of ['deployments.csv', 'commits.csv']) {
      const bad = await t.app.inject({
        method: 'GET',
        url: `/api/projects/${demoId}/${path}?from=yesterday`,
        headers: t.auth,
      });
      const json = await t.app.inject({
        method: 'GET',
        url: `/api/projects/${demoId}/deployments?from=yesterday`,
        headers: t.auth,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toEqual(json.json());
      const unknown = await t.app.inject({ method: 'GET', url: `/api/projects/nope/${path}`, headers: t.auth });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('not_found');
      expect((await t.app.inject({ method: 'GET', url: `/api/projects/${demoId}/${path}` })).statusCode).toBe(401);
    }
  });

  it('may be read by a viewer; a token limited to other projects gets 404', async () => {
    const token = async (payload: Record<string, unknown>) =>
      (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: t.auth, payload })).json().token as string;
    const other = (
      await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'other' } })
    ).json().id;
    const viewer = { authorization: `Bearer ${await token({ name: 'v', role: 'viewer' })}` };
    const limited = { authorization: `Bearer ${await token({ name: 'l', projectIds: [other] })}` };
    for (const path of ['deployments.csv', 'commits.csv']) {
      await get(`/api/projects/${demoId}/${path}?from=2026-11-01`, viewer);
      await get(`/api/projects/${other}/${path}`, limited);
      const refused = await t.app.inject({ method: 'GET', url: `/api/projects/${demoId}/${path}`, headers: limited });
      expect(refused.statusCode).toBe(404);
      expect(refused.json().error.code).toBe('not_found');
    }
  });
});
