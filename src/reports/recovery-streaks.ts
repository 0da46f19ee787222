import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { badRequest } from '../errors.js';
import { refreshStaleRepositories } from '../ingest/refresh-lead-times.js';
import { getProjectRow } from '../manage/projects.js';
import { isInWindow, type MetricWindow, parseWindow, verdictStreaks } from '../metrics/index.js';
import { loadWindowInput } from './load-window-input.js';

/** One failure streak as the API answers it (`GET /api/projects/:projectId/metrics/streaks`). */
export interface RecoveryStreakView {
  repository: string | null;
  environment: string;
  /** The first failed change's `finishedAt`. */
  startedAt: string;
  /** The failed changes of the streak, in order: the first started it. */
  failureIds: string[];
  /** The successful deployment, not itself a failed change, that ended it; null while open. */
  recoveryId: string | null;
  recoveredAt: string | null;
  recoverySeconds: number | null;
}

export interface RecoveryStreaksBody {
  from: string;
  to: string;
  streaks: RecoveryStreakView[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The query's window, read as the metrics read it (`parseWindow`); a bad one is a 400 naming the field. */
export function drillWindow(
  query: { from?: string | undefined; to?: string | undefined },
  timeZone: string,
  now: number,
): MetricWindow {
  const result = parseWindow(query, timeZone, now);
  if (!result.ok) throw badRequest(result.message);
  return result.window;
}

/**
 * The rows behind `failedDeploymentRecoveryTime`: the failure streaks (by verdict, `verdictStreaks`) that start in
 * the window, oldest first, read from the same deployments as the figure (`loadWindowInput`, with the look-ups
 * outside the window that streaks need). The median of their `recoverySeconds` is the figure's `medianSeconds`,
 * their count its `failures`, those with a recovery its `recovered`.
 */
export async function listRecoveryStreaks(
  db: Kysely<Database>,
  projectId: string,
  query: { from?: string | undefined; to?: string | undefined; repository?: string | undefined },
  now: number,
): Promise<RecoveryStreaksBody> {
  const project = await getProjectRow(db, projectId);
  const window = drillWindow(query, project.time_zone, now);
  await refreshStaleRepositories(db, projectId);
  const input = await loadWindowInput(db, projectId, window, query.repository);
  const streaks = verdictStreaks(input.deployments).filter((streak) => isInWindow(streak.startedAt, window));
  return {
    from: iso(window.from),
    to: iso(window.to),
    streaks: streaks.map((streak) => ({
      repository: streak.repository,
      environment: streak.environment,
      startedAt: iso(streak.startedAt),
      failureIds: [...streak.failureIds],
      recoveryId: streak.recoveryId,
      recoveredAt: streak.recoveredAt === null ? null : iso(streak.recoveredAt),
      recoverySeconds: streak.recoverySeconds,
    })),
  };
}
