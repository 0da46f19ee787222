import { beforeAll, expect, it } from 'vitest';
import { createProject } from '../../src/manage/projects.js';
import { getSeries } from '../../src/reports/metrics.js';
import { describeEachDatabase } from '../helpers/databases.js';

const NOW = Date.parse('2026-03-02T12:00:00Z');
const QUERY = { from: '2023-06-07', to: '2026-03-02', interval: 'day' as const };

// Issue 14, item 1 (remainder): a long series yields to the event loop between slices of points and stops when
// its client goes.
describeEachDatabase('a long series', ({ db }) => {
  let projectId: string;
  beforeAll(async () => {
    projectId = (await createProject(db(), { name: 'series', actor: 'test', now: NOW })).id;
  });

  it('computes every point when nobody aborts', async () => {
    const series = await getSeries(db(), projectId, QUERY, NOW, new AbortController().signal);
    expect(series.points.length).toBe(999);
  });

  it('lets other work run while it computes, and stops with the reason once its signal is aborted', async () => {
    const controller = new AbortController();
    let ticks = 0;
    const ticker = setInterval(() => {
      ticks += 1;
    }, 0);
    const gone = new Error('the client went');
    let abortedAtTick = -1;
    const pending = getSeries(db(), projectId, QUERY, NOW, controller.signal);
    // Aborted from another task while the series is computed: it is only seen if the computation yields.
    const aborter = setImmediate(function again() {
      if (ticks >= 1) {
        abortedAtTick = ticks;
        controller.abort(gone);
      } else setImmediate(again);
    });
    await expect(pending).rejects.toBe(gone);
    clearInterval(ticker);
    clearImmediate(aborter);
    expect(abortedAtTick).toBeGreaterThanOrEqual(1);
  });
});
