import type { CommitRef } from '../../../src/domain/index.js';
import type { AncestryPush } from '../../../src/metrics/commit-graph.js';
import type { AncestryDeployment } from '../../../src/metrics/compute-brought-commits.js';
import type { MetricDeployment } from '../../../src/metrics/metric-deployment.js';
import { statusVerdict } from '../../../src/metrics/stored-verdict.js';

/** Epoch ms of an ISO 8601 time. */
export function at(iso: string): number {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) throw new Error(`bad time in test: ${iso}`);
  return instant;
}

let sequence = 0;

/**
 * A successful production deployment in `production` of `acme/shop`, unless told otherwise. Its verdict, unless
 * given, is the one where no rule but `failed_status` holds (`statusVerdict`).
 */
export function makeDeployment(fields: Partial<MetricDeployment> = {}): MetricDeployment {
  sequence += 1;
  const base = {
    id: `d${String(sequence).padStart(6, '0')}`,
    repository: 'acme/shop',
    environment: 'production',
    production: true,
    status: 'success' as const,
    finishedAt: at('2026-03-02T12:00:00Z'),
    changeFailure: null,
    commitLeadTimes: [],
    ...fields,
  };
  return { ...statusVerdict(base), ...base };
}

/** A commit whose sha is its name padded to 40 characters (readable in failures), at an ISO time. */
export function commit(name: string, iso: string): CommitRef {
  return { sha: sha(name), timestamp: at(iso) };
}

export function sha(name: string): string {
  return name.padEnd(40, '_');
}

export function makePush(fields: Partial<AncestryPush> & { commits: readonly CommitRef[] }): AncestryPush {
  sequence += 1;
  const newest = fields.commits[fields.commits.length - 1];
  return {
    id: `p${String(sequence).padStart(6, '0')}`,
    ref: 'refs/heads/main',
    before: '0000000000000000000000000000000000000000',
    after: newest?.sha ?? sha('empty'),
    forced: false,
    deleted: false,
    totalCommits: fields.commits.length,
    ...fields,
  };
}

export function makeAncestryDeployment(
  id: string,
  iso: string,
  deployedSha: string | null,
  listedCommits?: readonly CommitRef[],
): AncestryDeployment {
  return listedCommits === undefined
    ? { id, finishedAt: at(iso), sha: deployedSha }
    : { id, finishedAt: at(iso), sha: deployedSha, listedCommits };
}
