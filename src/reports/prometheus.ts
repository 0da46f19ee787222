import type { Kysely } from 'kysely';
import { Counter, Gauge, Registry } from 'prom-client';
import type { Database } from '../db/schema.js';
import { HttpError } from '../errors.js';
import { listProjects, type ProjectView } from '../manage/projects.js';
import { getMetrics, type MetricsBody } from './metrics.js';
import {
  COUNTED_STATUSES,
  DEPLOYMENTS_COUNTER,
  FIGURE_GAUGES,
  LEVEL_GAUGE,
  LEVEL_VALUES,
  LEVELS,
} from './prometheus-series.js';

/** How long a computed exposition is served again: a scrape every 15 s computes at most once per interval. */
export const PROMETHEUS_CACHE_MS = 15_000;
/** Projects whose figures are computed at the same time (the PostgreSQL pool is shared with the receiver). */
const CONCURRENT_PROJECTS = 4;

export interface PrometheusExporter {
  /** The exposition's content type (Prometheus text format 0.0.4). */
  readonly contentType: string;
  /** The exposition for a credential that sees `visible` projects (null: every project). */
  scrape(visible: readonly string[] | null): Promise<string>;
}

interface Cached {
  /** Epoch ms after which it is computed again; Infinity while it is being computed. */
  expires: number;
  readonly text: Promise<string>;
}

/**
 * `GET /metrics`: the Prometheus text of every project a credential may see, kept `ttlMs` after it was computed,
 * one entry per set of visible projects. A scrape that finds an entry being computed waits for it (single
 * flight: concurrent scrapes compute once); a failed computation is not kept. `now` is the server's clock.
 */
export function createPrometheusExporter(
  db: Kysely<Database>,
  options: { now: () => number; ttlMs?: number },
): PrometheusExporter {
  const ttl = options.ttlMs ?? PROMETHEUS_CACHE_MS;
  const cache = new Map<string, Cached>();
  return {
    contentType: Registry.PROMETHEUS_CONTENT_TYPE,
    scrape(visible) {
      const now = options.now();
      for (const [key, entry] of cache) if (entry.expires <= now) cache.delete(key);
      const key = visible === null ? '*' : JSON.stringify([...new Set(visible)].sort());
      const hit = cache.get(key);
      if (hit !== undefined) return hit.text;
      const entry: Cached = { expires: Number.POSITIVE_INFINITY, text: exposition(db, visible, now) };
      cache.set(key, entry);
      entry.text.then(
        () => {
          entry.expires = options.now() + ttl;
        },
        () => {
          if (cache.get(key) === entry) cache.delete(key);
        },
      );
      return entry.text;
    },
  };
}

/** The exposition computed now: the counters from one grouped count, the gauges from each project's figures. */
export async function exposition(
  db: Kysely<Database>,
  visible: readonly string[] | null,
  now: number,
): Promise<string> {
  const projects = (await listProjects(db)).filter((p) => visible === null || visible.includes(p.id));
  const registry = new Registry();
  const counter = new Counter({
    ...DEPLOYMENTS_COUNTER,
    labelNames: ['project_id', 'project_name', 'repository', 'status'],
    registers: [registry],
  });
  for (const row of await countProductionDeployments(db, projects)) {
    const project = projects.find((p) => p.id === row.projectId);
    if (project === undefined) continue;
    for (const status of COUNTED_STATUSES) {
      const labels = { project_id: project.id, project_name: project.name, repository: row.repository };
      counter.inc({ ...labels, status }, row.counts[status] ?? 0);
    }
  }
  const gauges = FIGURE_GAUGES.map(
    (spec) =>
      [
        spec,
        new Gauge({
          name: spec.name,
          help: spec.help,
          labelNames: ['project_id', 'project_name'],
          registers: [registry],
        }),
      ] as const,
  );
  const level = new Gauge({
    ...LEVEL_GAUGE,
    labelNames: ['project_id', 'project_name', 'metric'],
    registers: [registry],
  });
  for (const { project, figures } of await figuresOf(db, projects, now)) {
    const labels = { project_id: project.id, project_name: project.name };
    for (const [spec, gauge] of gauges) {
      const value = spec.value(figures);
      if (value !== null) gauge.set(labels, value);
    }
    for (const [metric, levelOf] of Object.entries(LEVELS)) {
      const value = levelOf(figures);
      if (value !== null) level.set({ ...labels, metric }, LEVEL_VALUES[value]);
    }
  }
  return registry.metrics();
}

interface DeploymentCounts {
  readonly projectId: string;
  readonly repository: string;
  readonly counts: Partial<Record<string, number>>;
}

/** Finished production deployments per project, repository and status, all history, in one grouped query. */
async function countProductionDeployments(
  db: Kysely<Database>,
  projects: readonly ProjectView[],
): Promise<DeploymentCounts[]> {
  if (projects.length === 0) return [];
  const rows = await db
    .selectFrom('deployments as d')
    .innerJoin('environments as e', 'e.id', 'd.environment_id')
    .select(['d.project_id', 'd.repository', 'd.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('e.production', '=', 1)
    .where('d.pending_delete', '=', 0)
    .where('d.status', 'in', [...COUNTED_STATUSES])
    .where(
      'd.project_id',
      'in',
      projects.map((p) => p.id),
    )
    .groupBy(['d.project_id', 'd.repository', 'd.status'])
    .orderBy('d.project_id')
    .orderBy('d.repository')
    .execute();
  const byKey = new Map<string, DeploymentCounts>();
  for (const row of rows) {
    const repository = row.repository ?? '';
    const key = JSON.stringify([row.project_id, repository]);
    const entry = byKey.get(key) ?? { projectId: row.project_id, repository, counts: {} };
    entry.counts[row.status] = (entry.counts[row.status] ?? 0) + Number(row.n);
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/**
 * Each project's figures over the last 30 days, by the metrics endpoint's own use case (`getMetrics` without a
 * window), so the values are the API's; a few projects at a time. A project deleted meanwhile is left out.
 */
async function figuresOf(
  db: Kysely<Database>,
  projects: readonly ProjectView[],
  now: number,
): Promise<{ project: ProjectView; figures: MetricsBody }[]> {
  const out: ({ project: ProjectView; figures: MetricsBody } | null)[] = new Array(projects.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < projects.length) {
      const index = next++;
      const project = projects[index] as ProjectView;
      try {
        out[index] = { project, figures: await getMetrics(db, project.id, {}, now) };
      } catch (error) {
        if (!(error instanceof HttpError && error.code === 'not_found')) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_PROJECTS, projects.length) }, worker));
  return out.filter((entry) => entry !== null);
}
