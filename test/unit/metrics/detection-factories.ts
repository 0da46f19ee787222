import { DEFAULT_FAILURE_DETECTION, type FailureDetection } from '../../../src/domain/failure-cause.js';
import { detectChangeFailures } from '../../../src/metrics/detect-change-failures.js';
import type { DeploymentVerdict, DetectionDeployment } from '../../../src/metrics/detection-deployment.js';
import type { JudgedDeployment } from '../../../src/metrics/judged-deployment.js';
import type { MetricDeployment } from '../../../src/metrics/metric-deployment.js';
import { statusVerdict } from '../../../src/metrics/stored-verdict.js';
import { at } from './factories.js';

/** A 40-hex-digit sha made of `pair` repeated ("b2" → "b2b2…b2"), readable in failures. */
export function hex(pair: string): string {
  if (!/^[0-9a-f]+$/u.test(pair)) throw new Error(`not hex: ${pair}`);
  return pair.repeat(40).slice(0, 40);
}

/** A successful production deployment of `acme/shop` that brings and reaches nothing, unless told otherwise. */
export function deployment(
  id: string,
  iso: string,
  fields: Partial<Omit<DetectionDeployment, 'id'>> = {},
): DetectionDeployment {
  return {
    id,
    repository: 'acme/shop',
    environment: 'production',
    production: true,
    status: 'success',
    sha: null,
    ref: null,
    finishedAt: at(iso),
    brought: [],
    reached: [],
    pullRequests: [],
    changeFailure: null,
    reworkOverride: null,
    incidentIds: [],
    ...fields,
  };
}

/** A deployment of `sha` that brings (and so reaches) the commits given as [sha, message]. */
export function bringing(
  id: string,
  iso: string,
  sha: string,
  commits: readonly (readonly [string, string])[],
  fields: Partial<Omit<DetectionDeployment, 'id'>> = {},
): DetectionDeployment {
  return deployment(id, iso, {
    sha,
    brought: commits.map(([commitSha, message]) => ({ sha: commitSha, message })),
    reached: commits.map(([commitSha]) => commitSha),
    ...fields,
  });
}

/** The history the revert rule resolves prefixes in: every sha the repository's deployments name. */
export function historyOf(deployments: readonly DetectionDeployment[]) {
  const shas = new Map<string, Set<string>>();
  for (const item of deployments) {
    const key = item.repository ?? '';
    const set = shas.get(key) ?? new Set<string>();
    for (const sha of [item.sha, ...item.reached, ...item.brought.map((commit) => commit.sha)]) {
      if (sha !== null) set.add(sha);
    }
    shas.set(key, set);
  }
  return (repository: string | null, prefix: string): string[] =>
    [...(shas.get(repository ?? '') ?? [])].filter((sha) => sha.startsWith(prefix));
}

export function judge(
  deployments: readonly DetectionDeployment[],
  settings: Partial<FailureDetection> = {},
): Map<string, DeploymentVerdict> {
  return detectChangeFailures(deployments, {
    settings: { ...DEFAULT_FAILURE_DETECTION, ...settings },
    resolveCommit: historyOf(deployments),
  });
}

/** The deployments with their verdicts, as the figures read them. */
export function judged(
  deployments: readonly DetectionDeployment[],
  verdicts: ReadonlyMap<string, DeploymentVerdict>,
): JudgedDeployment[] {
  return deployments.map((item) => {
    const verdict = verdicts.get(item.id);
    if (verdict === undefined) throw new Error(`no verdict for ${item.id}`);
    return { ...item, ...verdict };
  });
}

/** The version 1 view of a deployment: its verdict the one where no rule but `failed_status` holds. */
export function asMetricDeployment(item: DetectionDeployment): MetricDeployment {
  const { id, repository, environment, production, status, finishedAt, changeFailure } = item;
  return {
    id,
    repository,
    environment,
    production,
    status,
    finishedAt,
    changeFailure,
    commitLeadTimes: [],
    ...statusVerdict({ status, changeFailure }),
  };
}

/** A deterministic shuffle (a linear congruential generator seeded with `seed`). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed || 1;
  for (let index = copy.length - 1; index > 0; index -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/** Verdicts as a plain object keyed by id, for readable comparisons. */
export function byId(verdicts: ReadonlyMap<string, DeploymentVerdict>): Record<string, Omit<DeploymentVerdict, 'id'>> {
  const result: Record<string, Omit<DeploymentVerdict, 'id'>> = {};
  for (const [id, { failedChange, failureCauses, rework }] of verdicts)
    result[id] = { failedChange, failureCauses, rework };
  return result;
}
