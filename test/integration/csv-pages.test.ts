import { once } from 'node:events';
import { parse } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
import { exportCommitsCsv } from '../../src/reports/csv-commits.js';
import { exportDeploymentsCsv } from '../../src/reports/csv-deployments.js';
import { csvStream } from '../../src/reports/csv-stream.js';
import { genericDeployment, genericHeaders, shaOf } from '../factories/generic.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { logQueries, type QueryLog } from '../helpers/query-log.js';

const DEPLOYMENTS = 260;
const HOUR = 3_600_000;
const START = Date.parse('2026-01-01T00:00:00Z');
/** A long subject, so that the CSV text is far larger than the streams' buffers. */
const subject = (n: number) => `Change ${n}: ${'lorem ipsum, dolor '.repeat(16)}`;

const DEPLOYMENT_PAGE = /from "deployments" as "d" inner join "environments" as "e"/;
const COMMIT_PAGE = /from "deployment_commits" as "dc"/;
const DEPLOYMENT_KEYS = /select "id", "finished_at", "commits_count" from "deployments"/;

async function drain<Row>(exported: { pages: AsyncIterable<readonly Row[]> }): Promise<(readonly Row[])[]> {
  const pages: (readonly Row[])[] = [];
  for await (const page of exported.pages) pages.push(page);
  return pages;
}

describeEachDatabase('CSV exports read in pages', ({ handle }) => {
  let t: TestApp;
  let log: QueryLog;
  let projectId: string;

  beforeAll(async () => {
    log = logQueries(handle());
    t = await buildTestApp(log.handle, { start: START + (DEPLOYMENTS + 1) * HOUR });
    projectId = (
      await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'large' } })
    ).json().id;
    const hook = (
      await t.app.inject({
        method: 'POST',
        url: `/api/projects/${projectId}/webhooks`,
        headers: t.auth,
        payload: { provider: 'generic' },
      })
    ).json();
    // One deployment an hour, each bringing two commits of its own.
    for (let from = 0; from < DEPLOYMENTS; from += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, DEPLOYMENTS - from) }, async (_, k) => {
          const i = from + k;
          const at = (ms: number) => new Date(START + i * HOUR + ms).toISOString();
          const body = JSON.stringify(
            genericDeployment({
              deploymentId: `d${i}`,
              sha: shaOf(2 * i + 2),
              finishedAt: at(HOUR / 2),
              commits: [
                { sha: shaOf(2 * i + 1), timestamp: at(0), message: subject(2 * i + 1) },
                { sha: shaOf(2 * i + 2), timestamp: at(60_000), message: subject(2 * i + 2) },
              ],
            }),
          );
          const res = await t.app.inject({
            method: 'POST',
            url: `/hooks/${hook.id}`,
            headers: genericHeaders(body, hook.secret),
            payload: body,
          });
          expect(res.json().outcome).toBe('accepted');
        }),
      );
    }
  });

  it('reads one page per step of the iteration, and only when asked', async () => {
    const db = log.handle.db;
    // Deployments: pages of 25, one query each.
    const exported = await exportDeploymentsCsv(db, projectId, {}, { pageSize: 25 });
    log.clear();
    const pages = exported.pages[Symbol.asyncIterator]();
    expect(log.count(DEPLOYMENT_PAGE)).toBe(0);
    expect((await pages.next()).value).toHaveLength(25);
    expect(log.count(DEPLOYMENT_PAGE)).toBe(1);
    await pages.next();
    expect(log.count(DEPLOYMENT_PAGE)).toBe(2);
    await pages.return?.(undefined);
    expect(log.count(DEPLOYMENT_PAGE)).toBe(2);
    log.clear();
    const sizes = (await drain(await exportDeploymentsCsv(db, projectId, {}, { pageSize: 25 }))).map((p) => p.length);
    expect(sizes).toEqual([...Array.from({ length: 10 }, () => 25), 10]);
    expect(log.count(DEPLOYMENT_PAGE)).toBe(11);

    // Commits: the deployments 7 at a time, their commits in batches of at most 7 (three deployments of two).
    const all = (await drain(await exportCommitsCsv(db, projectId, {}, { pageSize: 10_000 }))).flat();
    expect(all).toHaveLength(2 * DEPLOYMENTS);
    const commits = await exportCommitsCsv(db, projectId, {}, { pageSize: 7 });
    log.clear();
    const commitPages = commits.pages[Symbol.asyncIterator]();
    expect(log.sql).toEqual([]);
    expect((await commitPages.next()).value).toHaveLength(6);
    expect([log.count(DEPLOYMENT_KEYS), log.count(COMMIT_PAGE)]).toEqual([1, 1]);
    await commitPages.next();
    await commitPages.next();
    expect([log.count(DEPLOYMENT_KEYS), log.count(COMMIT_PAGE)]).toEqual([1, 3]);
    await commitPages.next();
    expect([log.count(DEPLOYMENT_KEYS), log.count(COMMIT_PAGE)]).toEqual([2, 4]);
    await commitPages.return?.(undefined);
    log.clear();
    const paged = await drain(await exportCommitsCsv(db, projectId, {}, { pageSize: 7 }));
    expect(paged.flat()).toEqual(all);
    expect(Math.max(...paged.map((p) => p.length))).toBeLessThanOrEqual(7);
    expect(log.count(COMMIT_PAGE)).toBe(paged.length);
    expect(log.count(DEPLOYMENT_KEYS)).toBe(Math.ceil(DEPLOYMENTS / 7));
    // A deployment that brought more than a page is read alone, a page at a time, and joins up all the same.
    log.clear();
    const single = await drain(await exportCommitsCsv(db, projectId, {}, { pageSize: 1 }));
    expect(single.flat()).toEqual(all);
    expect(single.every((p) => p.length === 1)).toBe(true);
  });

  it('streams the HTTP answer in pages of 500 rows', async () => {
    log.clear();
    const res = await t.app.inject({ method: 'GET', url: `/api/projects/${projectId}/commits.csv`, headers: t.auth });
    expect(res.statusCode).toBe(200);
    const [, ...rows] = parse(res.body, { record_delimiter: '\r\n' }) as string[][];
    expect(rows).toHaveLength(2 * DEPLOYMENTS);
    expect(rows[0]?.[4]).toBe(subject(2 * DEPLOYMENTS - 1));
    expect(log.count(COMMIT_PAGE)).toBe(2); // 500 rows, then 20
    log.clear();
    const deployments = await t.app.inject({
      method: 'GET',
      url: `/api/projects/${projectId}/deployments.csv`,
      headers: t.auth,
    });
    expect(parse(deployments.body, { record_delimiter: '\r\n' })).toHaveLength(DEPLOYMENTS + 1);
    expect(log.count(DEPLOYMENT_PAGE)).toBe(1);
  });

  it('stops reading pages once the reader goes (the stream destroyed, as when the client closes)', async () => {
    const exported = await exportCommitsCsv(log.handle.db, projectId, {}, { pageSize: 10 });
    let pulled = 0;
    let closed = false;
    let markClosed: () => void = () => {};
    const whenClosed = new Promise<void>((resolve) => {
      markClosed = resolve;
    });
    async function* tracked() {
      try {
        for await (const page of exported.pages) {
          pulled += 1;
          yield page;
        }
      } finally {
        closed = true;
        markClosed();
      }
    }
    const stream = csvStream({ ...exported, pages: tracked() });
    await once(stream, 'readable');
    expect(String(stream.read())).toMatch(/^deploymentId,sha,/);
    stream.destroy();
    // The pipeline closes the pages' iterator once the page being read (a query in flight) has come back. Bound the
    // wait by time, not by turns of the event loop: on PostgreSQL under load that query can outlast a thousand turns
    // (seen once in CI). A stream that never closes the iterator fails here after 5 s.
    await Promise.race([whenClosed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    expect(closed).toBe(true);
    // 52 pages in all; the streams' buffers hold a few of them, never the rest.
    expect(pulled).toBeGreaterThan(0);
    expect(pulled).toBeLessThan(20);
  });
});
