import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { finishUnfinishedRevokes } from './finish-revoke.js';
import { refreshStaleRepositories } from './refresh-lead-times.js';

export interface Maintenance {
  /** A delivery changed a project: recompute its lead-time cache soon, off the request path. */
  nudge(projectId: string): void;
  stop(): Promise<void>;
}

/** Raw bodies dropped per statement when their retention ends. */
const EXPIRE_BATCH = 1000;

/** Drops the raw bodies whose retention (SHIPWATCH_RAW_BODY_RETENTION_DAYS) has ended; returns how many. */
export async function expireRawBodies(db: Kysely<Database>, now: number): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = (
      await db.selectFrom('deliveries').select('id').where('body_expires_at', '<=', now).limit(EXPIRE_BATCH).execute()
    ).map((r) => r.id);
    if (ids.length === 0) return total;
    await db
      .updateTable('deliveries')
      .set({ raw_body: null, headers: null, body_expires_at: null })
      .where('id', 'in', ids)
      .execute();
    total += ids.length;
  }
}

/**
 * The server's background work: after deliveries, the lead-time cache of the projects they touched is
 * recomputed 5 s after the first delivery of a burst (the timer is not restarted by later ones), for every project
 * touched meanwhile: a burst shorter than 5 s costs one recomputation per project, a steady stream one every 5 s
 * or so. Every hour expired raw bodies are dropped and revokes a crash cut short are finished (also once at start).
 * Reads never depend on it: they refresh a stale repository themselves before computing a figure.
 */
export function startMaintenance(
  db: Kysely<Database>,
  logger: Logger,
  options: { debounceMs?: number; hourlyMs?: number } = {},
): Maintenance {
  const debounceMs = options.debounceMs ?? 5000;
  const touched = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const flush = () => {
    timer = null;
    const projects = [...touched];
    touched.clear();
    running = running.then(async () => {
      for (const projectId of projects) {
        if (stopped) return;
        try {
          await refreshStaleRepositories(db, projectId);
        } catch (error) {
          logger.warn({ err: error, projectId }, 'background lead-time refresh failed; reads will refresh');
        }
      }
    });
  };
  const finishRevokes = () => {
    running = running.then(async () => {
      try {
        const finished = await finishUnfinishedRevokes(db);
        if (finished.length > 0) logger.info({ webhooks: finished }, 'unfinished revokes finished');
      } catch (error) {
        logger.warn({ err: error }, 'finishing unfinished revokes failed; it will be retried');
      }
    });
  };
  // At start: a revoke cut by a crash is finished (what it deletes is already hidden from every read).
  finishRevokes();
  const hourly = setInterval(() => {
    running = running.then(async () => {
      try {
        const expired = await expireRawBodies(db, Date.now());
        if (expired > 0) logger.info({ expired }, 'raw bodies past their retention dropped');
      } catch (error) {
        logger.warn({ err: error }, 'raw body expiry failed; it will be retried');
      }
    });
    finishRevokes();
  }, options.hourlyMs ?? 3_600_000);
  hourly.unref();

  return {
    nudge(projectId) {
      if (stopped) return;
      touched.add(projectId);
      if (timer === null) {
        timer = setTimeout(flush, debounceMs);
        timer.unref();
      }
    },
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      clearInterval(hourly);
      await running;
    },
  };
}
