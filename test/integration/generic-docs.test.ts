import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHistory } from '../../src/history-import/import-history.js';
import { gitEnv, gitRepository, missingPrograms, type Ran, run } from '../factories/generic.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/databases.js';

/**
 * docs/PROVIDERS.md's generic webhook and import examples, run as written: each `<!-- doc-test: name -->` block is
 * read from the document itself (so the two cannot drift), its shell part taken out of the YAML or Groovy around
 * it, and run with `bash` and the real curl, openssl, jq and git against a live server on a random port.
 */
const DOC = readFileSync(new URL('../../docs/PROVIDERS.md', import.meta.url), 'utf8');

function block(name: string): { lang: string; code: string } {
  const match = new RegExp(`<!-- doc-test: ${name} -->\\n\`\`\`(\\w+)\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(DOC);
  if (match === null) throw new Error(`docs/PROVIDERS.md has no doc-test block "${name}"`);
  return { lang: match[1] as string, code: match[2] as string };
}

/** The first YAML literal block (`key: |` or `- |`), dedented. */
function literalBlock(yaml: string): string {
  const lines = yaml.split('\n');
  const start = lines.findIndex((line) => /^\s*(- )?([\w-]+: )?\|\s*$/.test(line));
  if (start === -1) throw new Error('no literal block');
  const body: string[] = [];
  let indent = -1;
  for (const line of lines.slice(start + 1)) {
    const own = line.length - line.trimStart().length;
    if (line.trim() !== '' && indent === -1) indent = own;
    if (line.trim() !== '' && own < indent) break;
    body.push(line.slice(indent));
  }
  return body.join('\n');
}

/** The shell a documented example runs. */
function shellOf(name: string): string {
  const { lang, code } = block(name);
  if (lang === 'sh') return code;
  if (lang === 'yaml') return literalBlock(code);
  if (lang === 'groovy') {
    const match = /sh '''\n([\s\S]*?)\n\s*'''/.exec(code);
    if (match === null) throw new Error(`no sh ''' block in ${name}`);
    return match[1] as string;
  }
  throw new Error(`no shell in a ${lang} block`);
}

const tools = ['bash', 'curl', 'openssl', 'jq', 'git'];
const missing = await missingPrograms(tools);
if (missing.length > 0)
  console.warn(`\n[shipwatch tests] ${missing.join(', ')} missing: the doc examples are SKIPPED.\n`);
const describeIfTools = missing.length === 0 ? describe : describe.skip;

describe('the doc-test blocks', () => {
  it('are all found, and each yields a shell script', () => {
    const names = [...DOC.matchAll(/<!-- doc-test: ([\w-]+) -->/g)].map((m) => m[1]);
    expect(names).toEqual([
      'curl',
      'github-actions',
      'gitlab-ci',
      'jenkins',
      'azure-pipelines',
      'argo-cd',
      'last-deployment',
      'export-github',
      'export-gitlab',
      'export-azure-devops',
    ]);
    for (const name of names) expect(shellOf(name as string)).toMatch(/curl|gh api/);
    expect(shellOf('github-actions').split('\n')[0]).toMatch(/^case "\$JOB_STATUS"/);
  });
});

describeIfTools('docs/PROVIDERS.md examples, run against a live server', () => {
  let db: TestDatabase;
  let t: TestApp;
  let base: string;
  let tmp: string;
  let projectId: string;
  let hook: { id: string; secret: string };
  const path = `${dirname(process.execPath)}:${process.env.PATH ?? '/usr/bin:/bin'}`;

  const bash = (script: string, env: Record<string, string>, cwd = tmp): Promise<Ran> =>
    run('bash', ['-c', `set -euo pipefail\n${script}`], {
      cwd,
      env: {
        ...gitEnv(tmp),
        PATH: path,
        SHIPWATCH_URL: `${base}/hooks/${hook.id}`,
        SHIPWATCH_SECRET: hook.secret,
        ...env,
      },
    });
  const deployments = async () =>
    (
      await t.app.inject({ method: 'GET', url: `/api/projects/${projectId}/deployments?limit=500`, headers: t.auth })
    ).json().deployments as Record<string, unknown>[];
  const deploymentOf = async (sha: string) => (await deployments()).find((d) => d.sha === sha);
  const sha = (n: number) => n.toString(16).padStart(40, '0');

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'shipwatch-docs-'));
    db = await openTestDatabase('sqlite');
    // The server's clock is the real one: the last-deployment example signs with `date +%s`.
    t = await buildTestApp(db.handle, { start: Date.now() });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    projectId = (
      await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'Docs' } })
    ).json().id;
    hook = (
      await t.app.inject({
        method: 'POST',
        url: `/api/projects/${projectId}/webhooks`,
        headers: t.auth,
        payload: { provider: 'generic' },
      })
    ).json();
  });
  afterAll(async () => {
    await t?.app.close();
    await db?.destroy();
    if (tmp !== undefined) await rm(tmp, { recursive: true, force: true });
  });

  it('curl: one signed POST is accepted', async () => {
    const ran = await bash(shellOf('curl'), {
      DEPLOYMENT_ID: 'deploy-1',
      REPOSITORY: 'acme/checkout',
      ENVIRONMENT: 'production',
      STATUS: 'success',
      SHA: sha(1),
    });
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ outcome: 'accepted' });
    expect(await deploymentOf(sha(1))).toMatchObject({
      repository: 'acme/checkout',
      environment: 'production',
      status: 'success',
      provider: 'generic',
    });
    // The same report again: the same X-Shipwatch-Delivery, a duplicate.
    const again = await bash(shellOf('curl'), {
      DEPLOYMENT_ID: 'deploy-1',
      REPOSITORY: 'acme/checkout',
      ENVIRONMENT: 'production',
      STATUS: 'success',
      SHA: sha(1),
    });
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'duplicate' });
  });

  it('curl: a wrong secret fails with the server message', async () => {
    const ran = await bash(shellOf('curl'), {
      DEPLOYMENT_ID: 'deploy-x',
      REPOSITORY: 'acme/checkout',
      ENVIRONMENT: 'production',
      STATUS: 'success',
      SHA: sha(99),
      SHIPWATCH_SECRET: 'not the secret',
    });
    expect(ran.code).not.toBe(0);
    expect(ran.stdout).toContain('signature_mismatch');
    expect(await deploymentOf(sha(99))).toBeUndefined();
  });

  it('last-deployment: the signed GET answers the last successful deployment', async () => {
    const ran = await bash(shellOf('last-deployment'), {});
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({ sha: sha(1), finishedAt: expect.stringMatching(/Z$/) });
  });

  it('GitHub Actions: the step fetches the reporter and reports with the commits, from a shallow clone', async () => {
    const origin = await gitRepository(join(tmp, 'gh-origin'), tmp);
    await origin.commit('2026-01-01T10:00:00Z');
    const head = await origin.commit('2026-01-02T10:00:00Z');
    const work = join(tmp, 'gh-work');
    expect(
      (await run('git', ['clone', '-q', '--depth', '1', `file://${origin.dir}`, work], { env: gitEnv(tmp) })).code,
    ).toBe(0);
    const ran = await bash(
      shellOf('github-actions'),
      {
        JOB_STATUS: 'success',
        RUNNER_TEMP: tmp,
        GITHUB_REPOSITORY: 'acme/web',
        GITHUB_RUN_ID: '4242',
        GITHUB_RUN_ATTEMPT: '1',
      },
      work,
    );
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain('accepted');
    expect(await deploymentOf(head)).toMatchObject({ repository: 'acme/web', status: 'success', commits: 1 });
    const cancelled = await bash(
      shellOf('github-actions'),
      {
        JOB_STATUS: 'cancelled',
        RUNNER_TEMP: tmp,
        GITHUB_REPOSITORY: 'acme/web',
        GITHUB_RUN_ID: '4243',
        GITHUB_RUN_ATTEMPT: '1',
      },
      work,
    );
    expect(cancelled.code, cancelled.stderr).toBe(0);
    const statuses = (await deployments()).filter((d) => d.sha === head).map((d) => d.status);
    expect(statuses.sort()).toEqual(['canceled', 'success']);
  });

  it('GitLab CI: after_script reports the job, success or failure', async () => {
    const env = {
      CI_JOB_ID: '901',
      CI_PROJECT_PATH: 'acme/payments-api',
      SHIPWATCH_ENVIRONMENT: 'production',
      CI_COMMIT_SHA: sha(2),
      CI_JOB_URL: 'https://gitlab.com/acme/payments-api/-/jobs/901',
    };
    const ok = await bash(shellOf('gitlab-ci'), { ...env, CI_JOB_STATUS: 'success' });
    expect(ok.code, ok.stderr).toBe(0);
    expect(await deploymentOf(sha(2))).toMatchObject({
      repository: 'acme/payments-api',
      status: 'success',
      url: 'https://gitlab.com/acme/payments-api/-/jobs/901',
    });
    const failed = await bash(shellOf('gitlab-ci'), {
      ...env,
      CI_JOB_ID: '902',
      CI_COMMIT_SHA: sha(3),
      CI_JOB_STATUS: 'failed',
    });
    expect(failed.code, failed.stderr).toBe(0);
    expect(await deploymentOf(sha(3))).toMatchObject({ status: 'failure' });
  });

  it('Jenkins: the post block reports the build result', async () => {
    const ran = await bash(shellOf('jenkins'), {
      DEPLOY_RESULT: 'SUCCESS',
      BUILD_TAG: 'jenkins-checkout-17',
      GIT_COMMIT: sha(4),
      BUILD_URL: 'https://jenkins.example.com/job/checkout/17/',
    });
    expect(ran.code, ran.stderr).toBe(0);
    expect(await deploymentOf(sha(4))).toMatchObject({
      repository: 'acme/checkout',
      status: 'success',
      url: 'https://jenkins.example.com/job/checkout/17/',
    });
  });

  it('Azure Pipelines: the bash step reports under the Azure Repos name, with the commits', async () => {
    const origin = await gitRepository(join(tmp, 'az-origin'), tmp);
    const head = await origin.commit('2026-01-03T10:00:00Z');
    const work = join(tmp, 'az-work');
    expect(
      (await run('git', ['clone', '-q', '--depth', '1', `file://${origin.dir}`, work], { env: gitEnv(tmp) })).code,
    ).toBe(0);
    const ran = await bash(
      shellOf('azure-pipelines'),
      {
        JOB_STATUS: 'SucceededWithIssues',
        AGENT_TEMPDIRECTORY: tmp,
        SYSTEM_COLLECTIONURI: 'https://dev.azure.com/Acme/',
        SYSTEM_TEAMPROJECT: 'Checkout',
        BUILD_REPOSITORY_NAME: 'checkout-worker',
        BUILD_BUILDID: '5150',
      },
      work,
    );
    expect(ran.code, ran.stderr).toBe(0);
    expect(await deploymentOf(head)).toMatchObject({
      repository: 'acme/Checkout/checkout-worker',
      status: 'success',
      commits: 1,
    });
  });

  it('Argo CD: the hook Job reports the synced revision', async () => {
    expect(block('argo-cd').code).toContain('argocd.argoproj.io/hook: PostSync');
    const ran = await bash(shellOf('argo-cd'), { REVISION: sha(5), DEPLOY_STATUS: 'success' });
    expect(ran.code, ran.stderr).toBe(0);
    expect(await deploymentOf(sha(5))).toMatchObject({ repository: 'acme/checkout-config', status: 'success' });
  });

  describe('exporting history, with the provider APIs answered by recorded shapes', () => {
    const importFile = async (file: string) => {
      const lines = readFileSync(file, 'utf8').split('\n');
      return importHistory({
        receiver: t.receiver,
        webhookId: hook.id,
        secret: hook.secret,
        lines: (async function* () {
          yield* lines;
        })(),
      });
    };

    it('GitHub: gh api and jq make one line per finished deployment', async () => {
      const fixtures = join(tmp, 'gh-fixtures');
      await run('mkdir', ['-p', fixtures]);
      const deployment = (id: number, environment: string) => ({
        url: `https://api.github.com/repos/acme/checkout/deployments/${id}`,
        id,
        sha: sha(100 + id),
        ref: 'main',
        task: 'deploy',
        environment,
        created_at: `2025-05-0${id}T10:00:00Z`,
        updated_at: `2025-05-0${id}T10:06:00Z`,
      });
      const status = (id: number, state: string, at: string) => ({
        id,
        state,
        created_at: at,
        environment: 'production',
      });
      const files: Record<string, unknown> = {
        'repos_acme_checkout_deployments.json': [
          deployment(1, 'production'),
          deployment(2, 'production'),
          deployment(3, 'staging'),
        ],
        // Newest first, as GitHub lists statuses.
        'repos_acme_checkout_deployments_1_statuses.json': [
          status(13, 'inactive', '2025-05-02T10:06:00Z'),
          status(12, 'success', '2025-05-01T10:05:00Z'),
          status(11, 'in_progress', '2025-05-01T10:01:00Z'),
        ],
        'repos_acme_checkout_deployments_2_statuses.json': [
          status(22, 'error', '2025-05-02T10:04:00Z'),
          status(21, 'in_progress', '2025-05-02T10:01:00Z'),
        ],
        'repos_acme_checkout_deployments_3_statuses.json': [status(31, 'in_progress', '2025-05-03T10:01:00Z')],
      };
      for (const [name, value] of Object.entries(files)) await writeFile(join(fixtures, name), JSON.stringify(value));
      const gh = `gh() {
  shift
  local path="" filter=""
  while [ $# -gt 0 ]; do case "$1" in --paginate) ;; --jq) filter="$2"; shift ;; *) path="$1" ;; esac; shift; done
  local file="$FIXTURES/$(printf '%s' "\${path%%\\?*}" | tr '/' '_').json"
  if [ -n "$filter" ]; then jq -r "$filter" "$file"; else cat "$file"; fi
}
`;
      const ran = await bash(gh + shellOf('export-github'), { FIXTURES: fixtures });
      expect(ran.code, ran.stderr).toBe(0);
      const lines = readFileSync(join(tmp, 'github-deployments.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines).toEqual([
        {
          deploymentId: 'github-1',
          repository: 'acme/checkout',
          environment: 'production',
          sha: sha(101),
          ref: 'main',
          status: 'success',
          startedAt: '2025-05-01T10:00:00Z',
          finishedAt: '2025-05-01T10:05:00Z',
        },
        expect.objectContaining({ deploymentId: 'github-2', status: 'failure', finishedAt: '2025-05-02T10:04:00Z' }),
      ]);
      expect(await importFile(join(tmp, 'github-deployments.jsonl'))).toMatchObject({
        accepted: 2,
        ignored: 0,
        rejected: 0,
      });
    });

    it('GitLab: the deployments API, page by page, makes one line per finished deployment', async () => {
      const fixtures = join(tmp, 'gl-fixtures');
      await run('mkdir', ['-p', fixtures]);
      const deployment = (id: number, status: string) => ({
        id,
        iid: id,
        ref: 'main',
        sha: sha(200 + id),
        created_at: '2025-06-01T09:00:00.000Z',
        updated_at: `2025-06-0${id}T09:10:00.000Z`,
        status,
        environment: { id: 9, name: 'production' },
        deployable: { id: 5000 + id, status, finished_at: `2025-06-0${id}T09:09:00.000Z` },
      });
      await writeFile(
        join(fixtures, 'page-1.json'),
        JSON.stringify([deployment(1, 'success'), deployment(2, 'running')]),
      );
      await writeFile(join(fixtures, 'page-2.json'), JSON.stringify([deployment(3, 'failed')]));
      const curl = `curl() {
  local url=""
  for arg in "$@"; do case "$arg" in http*) url="$arg" ;; esac; done
  case "$url" in */api/v4/projects/acme%2Fpayments-api/deployments\\?*) ;; *) echo "unexpected $url" >&2; return 22 ;; esac
  local page; page=$(printf '%s' "$url" | sed -n 's/.*[?&]page=\\([0-9]*\\).*/\\1/p')
  if [ -f "$FIXTURES/page-$page.json" ]; then cat "$FIXTURES/page-$page.json"; else echo '[]'; fi
}
`;
      const ran = await bash(curl + shellOf('export-gitlab'), { FIXTURES: fixtures, GITLAB_TOKEN: 'glpat-test' });
      expect(ran.code, ran.stderr).toBe(0);
      const lines = readFileSync(join(tmp, 'gitlab-deployments.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines).toEqual([
        {
          deploymentId: 'gitlab-1',
          repository: 'acme/payments-api',
          environment: 'production',
          sha: sha(201),
          ref: 'main',
          status: 'success',
          finishedAt: '2025-06-01T09:09:00.000Z',
        },
        expect.objectContaining({ deploymentId: 'gitlab-3', status: 'failure' }),
      ]);
      expect(await importFile(join(tmp, 'gitlab-deployments.jsonl'))).toMatchObject({
        accepted: 2,
        ignored: 0,
        rejected: 0,
      });
    });

    it('Azure DevOps: release deployments, paged by continuation token, joined with their releases', async () => {
      const fixtures = join(tmp, 'az-fixtures');
      await run('mkdir', ['-p', fixtures]);
      const deployment = (id: number, releaseId: number, status: string) => ({
        id,
        release: { id: releaseId, name: `Release-${releaseId}` },
        releaseEnvironment: { id: 70 + id, name: 'Production' },
        deploymentStatus: status,
        startedOn: `2025-07-0${id}T08:00:00.1234567Z`,
        completedOn: `2025-07-0${id}T08:07:00.7654321Z`,
      });
      const release = (id: number, commit: string) => ({
        id,
        name: `Release-${id}`,
        artifacts: [
          { type: 'AzureContainerRepository', alias: 'image', isPrimary: false, definitionReference: {} },
          {
            type: 'Build',
            alias: '_checkout-ci',
            isPrimary: true,
            definitionReference: {
              project: { id: 'p', name: 'Checkout' },
              repository: { id: 'r', name: 'checkout-web' },
              sourceVersion: { id: commit, name: commit },
            },
          },
        ],
      });
      await writeFile(
        join(fixtures, 'deployments-1.json'),
        JSON.stringify({ count: 2, value: [deployment(1, 11, 'succeeded'), deployment(2, 12, 'inProgress')] }),
      );
      await writeFile(
        join(fixtures, 'deployments-2.json'),
        JSON.stringify({ count: 1, value: [deployment(3, 13, 'failed')] }),
      );
      for (const [id, commit] of [
        [11, sha(301)],
        [12, sha(302)],
        [13, sha(303)],
      ] as const)
        await writeFile(join(fixtures, `release-${id}.json`), JSON.stringify(release(id, commit)));
      const curl = `curl() {
  local url="" headers=""
  while [ $# -gt 0 ]; do case "$1" in -D) headers="$2"; shift ;; http*) url="$1" ;; esac; shift; done
  case "$url" in
    https://vsrm.dev.azure.com/acme/Checkout/_apis/release/deployments\\?*continuationToken=)
      printf 'HTTP/1.1 200 OK\\r\\nx-ms-continuationtoken: 2\\r\\n\\r\\n' > "$headers"; cat "$FIXTURES/deployments-1.json" ;;
    https://vsrm.dev.azure.com/acme/Checkout/_apis/release/deployments\\?*continuationToken=2)
      printf 'HTTP/1.1 200 OK\\r\\n\\r\\n' > "$headers"; cat "$FIXTURES/deployments-2.json" ;;
    https://vsrm.dev.azure.com/acme/Checkout/_apis/release/releases/*)
      local id="\${url##*/releases/}"; cat "$FIXTURES/release-\${id%%\\?*}.json" ;;
    *) echo "unexpected $url" >&2; return 22 ;;
  esac
}
`;
      const ran = await bash(curl + shellOf('export-azure-devops'), { FIXTURES: fixtures, AZURE_DEVOPS_PAT: 'pat' });
      expect(ran.code, ran.stderr).toBe(0);
      const lines = readFileSync(join(tmp, 'azure-deployments.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines).toEqual([
        {
          deploymentId: 'azure-1',
          repository: 'acme/Checkout/checkout-web',
          environment: 'Production',
          sha: sha(301),
          status: 'success',
          startedAt: '2025-07-01T08:00:00.1234567Z',
          finishedAt: '2025-07-01T08:07:00.7654321Z',
        },
        expect.objectContaining({ deploymentId: 'azure-3', sha: sha(303), status: 'failure' }),
      ]);
      expect(await importFile(join(tmp, 'azure-deployments.jsonl'))).toMatchObject({
        accepted: 2,
        ignored: 0,
        rejected: 0,
      });
    });
  });
});
