import { beforeAll, describe, expect, it } from 'vitest';
import { loadVerdictHistory } from '../../src/ingest/load-verdict-history.js';
import { refreshStaleRepositories } from '../../src/ingest/refresh-lead-times.js';
import { eventLoopTurns, yieldingBetweenStatements } from '../../src/ingest/turns.js';
import { githubDeploymentStatus, githubPush } from '../factories/github.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { statementCounter } from '../helpers/query-log.js';
import { type Delivery, replay } from './support/pull-request-week.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;
const time = (ms: number) => new Date(ms).toISOString().replace('.000', '');
const sha = (n: number) => n.toString(16).padStart(40, 'a');
const REPOSITORY = 'acme/turns';

describeEachDatabase('the cache refresh shares the event loop', ({ dialect, handle, db }) => {
  let t: TestApp;
  let project: string;

  /**
   * One repository: 6 pushes of 3 commits (the last one's first commit reverts a commit of the second push), each
   * deployed to production; the third deployment finishes in the same second as the fourth (a part's bound falls
   * between equal times).
   */
  beforeAll(async () => {
    t = await buildTestApp(handle(), { start: T0 + 30 * 86_400_000 });
    const deliveries: Delivery[] = [];
    let before = '0'.repeat(40);
    for (let p = 0; p < 6; p += 1) {
      const commits = [0, 1, 2].map((c) => ({
        id: sha(p * 3 + c + 1),
        timestamp: time(T0 + (p * 3 + c) * HOUR),
        message: p === 5 && c === 0 ? `Revert "x"\n\nThis reverts commit ${sha(4)}.` : `change ${p * 3 + c}`,
      }));
      const after = commits[2]?.id as string;
      const pushed = time(T0 + (p * 3 + 2) * HOUR);
      deliveries.push({
        event: 'push',
        body: githubPush({ repository: REPOSITORY, before, after, commits }),
        at: pushed,
        label: `push ${p}`,
      });
      before = after;
      const finished = time(T0 + (p * 3 + 3) * HOUR + (p === 2 ? 3 * HOUR : 0));
      deliveries.push({
        event: 'deployment_status',
        body: githubDeploymentStatus({
          deploymentId: 100 + p,
          statusId: 200 + p,
          state: 'success',
          createdAt: finished,
          environment: 'production',
          repository: REPOSITORY,
          sha: after,
        }),
        at: finished,
        label: `deployment ${p}`,
      });
    }
    project = await replay(t, deliveries);
    await refreshStaleRepositories(db(), project);
  });

  it('reads the brought commits in parts that add up to what one statement reads', async () => {
    const whole = statementCounter();
    const inParts = statementCounter();
    const once = await loadVerdictHistory(db().withPlugin(whole), project, REPOSITORY, new Map());
    const parts = await loadVerdictHistory(db().withPlugin(inParts), project, REPOSITORY, new Map(), 1);
    const brought = (history: typeof once) =>
      history.deployments
        .map((deployment) => ({
          id: deployment.id,
          brought: [...deployment.brought].sort((a, b) => (a.sha < b.sha ? -1 : 1)),
        }))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(brought(parts)).toEqual(brought(once));
    // The first push is the repository's baseline (its commits came before Shipwatch): 5 pushes of 3 are brought.
    expect(brought(once).flatMap((deployment) => deployment.brought)).toHaveLength(15);
    expect([...parts.prefixes]).toEqual([...once.prefixes]);
    expect(once.prefixes.get(sha(4))).toEqual([sha(4)]);
    // One deployment's worth per part: five parts where one statement did (two deployments share a time).
    expect(inParts.count - whole.count).toBe(4);
  });

  it('the revert the parts carry is found by the refresh', async () => {
    const causes = await db()
      .selectFrom('deployment_failure_causes')
      .select(['kind', 'detail'])
      .where('project_id', '=', project)
      .execute();
    expect(causes.filter((cause) => cause.kind === 'revert')).toHaveLength(1);
  });

  describe('a statement through yieldingBetweenStatements', () => {
    const read = (on: typeof db) =>
      on().selectFrom('deployments').select('id').where('project_id', '=', project).execute();

    it('lets work waiting for the event loop run once the budget has passed', async () => {
      const yielding = yieldingBetweenStatements(db(), eventLoopTurns(0));
      let ran = false;
      setImmediate(() => {
        ran = true;
      });
      expect(await read(() => yielding)).toHaveLength(6);
      expect(ran).toBe(true);
    });

    it('offers no turn before the budget has passed', async () => {
      const yielding = yieldingBetweenStatements(db(), eventLoopTurns(60_000));
      let ran = false;
      const immediate = setImmediate(() => {
        ran = true;
      });
      await read(() => yielding);
      // On PostgreSQL the answer itself comes through the event loop; on SQLite the statement ran synchronously.
      if (dialect === 'sqlite') expect(ran).toBe(false);
      clearImmediate(immediate);
    });
  });
});
