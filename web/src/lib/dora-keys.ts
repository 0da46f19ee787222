import type { Level, MetricFigures } from '../api/types';
import { formatDuration, formatFrequency, formatNumber, formatPercent, plural } from './format';

export type DoraKey = keyof MetricFigures;

/** How the page shows one of the four keys: the server computes the figures and levels, the page only words them. */
export interface DoraKeyView {
  key: DoraKey;
  /** The figure's part of the address of its rows: `/projects/:id/figures/<slug>`. */
  slug: string;
  title: string;
  /** What the figure means, one short sentence. */
  description: string;
  value: (figures: MetricFigures) => number | null;
  format: (value: number | null) => string;
  /** The sample the figure rests on: "12 successful deployments on 9 days". */
  sample: (figures: MetricFigures) => string;
  level: (figures: MetricFigures) => Level | null;
  better: 'higher' | 'lower';
  /** Changes are relative (%), except a rate's, in percentage points. */
  changeIn: 'relative' | 'points';
  /** The link from the tile to its rows: "The 12 deployments counted". */
  rows: (figures: MetricFigures) => string;
}

export const DORA_KEYS: readonly DoraKeyView[] = [
  {
    key: 'deploymentFrequency',
    slug: 'deployment-frequency',
    title: 'Deployment frequency',
    description: 'Successful production deployments per day; the level goes by the number of days with one.',
    value: (f) => f.deploymentFrequency.perDay,
    format: formatFrequency,
    sample: (f) =>
      `${plural(f.deploymentFrequency.deployments, 'successful deployment')} on ${plural(f.deploymentFrequency.deploymentDays, 'day')}`,
    level: (f) => f.deploymentFrequency.level,
    better: 'higher',
    changeIn: 'relative',
    rows: (f) => `The ${plural(f.deploymentFrequency.deployments, 'deployment')} counted`,
  },
  {
    key: 'leadTimeForChanges',
    slug: 'lead-time',
    title: 'Lead time for changes',
    description: 'Median time from a commit to the production deployment that brought it.',
    value: (f) => f.leadTimeForChanges.medianSeconds,
    format: formatDuration,
    sample: (f) =>
      `median of ${plural(f.leadTimeForChanges.commits, 'commit')} from ${plural(f.leadTimeForChanges.deploymentsWithCommits, 'deployment')}`,
    level: (f) => f.leadTimeForChanges.level,
    better: 'lower',
    changeIn: 'relative',
    rows: (f) =>
      `The ${plural(f.leadTimeForChanges.commits, 'commit')} and ${plural(f.leadTimeForChanges.pullRequests, 'pull request')}`,
  },
  {
    key: 'changeFailureRate',
    slug: 'change-failure-rate',
    title: 'Change failure rate',
    description: 'Share of production deployments that failed or caused a failure.',
    value: (f) => f.changeFailureRate.rate,
    format: formatPercent,
    sample: (f) =>
      `${formatNumber(f.changeFailureRate.failedDeployments, 0)} failed of ${plural(f.changeFailureRate.deployments, 'deployment')}`,
    level: (f) => f.changeFailureRate.level,
    better: 'lower',
    changeIn: 'points',
    rows: (f) => `The ${plural(f.changeFailureRate.failedDeployments, 'failed change')} and their causes`,
  },
  {
    key: 'failedDeploymentRecoveryTime',
    slug: 'recovery-time',
    title: 'Failed deployment recovery time',
    description: 'Median time from a failed production deployment to the next successful one.',
    value: (f) => f.failedDeploymentRecoveryTime.medianSeconds,
    format: formatDuration,
    sample: (f) =>
      `${formatNumber(f.failedDeploymentRecoveryTime.recovered, 0)} of ${plural(f.failedDeploymentRecoveryTime.failures, 'failure streak')} recovered`,
    level: (f) => f.failedDeploymentRecoveryTime.level,
    better: 'lower',
    changeIn: 'relative',
    rows: (f) => `The ${plural(f.failedDeploymentRecoveryTime.failures, 'failure streak')}`,
  },
  {
    key: 'timeToRestoreService',
    slug: 'time-to-restore',
    title: 'Time to restore service',
    description:
      'Median time from an incident’s start to its resolution; beside recovery time, which goes by deployments.',
    value: (f) => f.timeToRestoreService.medianSeconds,
    format: formatDuration,
    sample: (f) =>
      `${formatNumber(f.timeToRestoreService.resolved, 0)} of ${plural(f.timeToRestoreService.incidents, 'incident')} resolved`,
    level: () => null,
    better: 'lower',
    changeIn: 'relative',
    rows: (f) => `The ${plural(f.timeToRestoreService.incidents, 'incident')}`,
  },
  {
    key: 'reworkRate',
    slug: 'rework-rate',
    title: 'Rework rate',
    description: 'Share of successful production deployments that roll back, revert or hotfix an earlier one.',
    value: (f) => f.reworkRate.rate,
    format: formatPercent,
    sample: (f) =>
      `${formatNumber(f.reworkRate.reworkDeployments, 0)} rework of ${plural(f.reworkRate.deployments, 'deployment')}`,
    level: () => null,
    better: 'lower',
    changeIn: 'points',
    rows: (f) => `The ${plural(f.reworkRate.reworkDeployments, 'rework deployment')}`,
  },
];

/** The figures DORA gives no level to: the tile says so instead of "No level". */
export const WITHOUT_LEVEL: readonly DoraKey[] = ['timeToRestoreService', 'reworkRate'];

/** The view whose rows live at `/projects/:id/figures/<slug>`, or undefined for an unknown slug. */
export function viewOfSlug(slug: string): DoraKeyView | undefined {
  return DORA_KEYS.find((view) => view.slug === slug);
}

export type Trend = 'better' | 'worse' | 'same' | 'unknown';

export interface Change {
  trend: Trend;
  text: string;
}

/** The change against the previous window, in words: "Up 33 % from 0.3 per day / 2.1 per week". */
export function describeChange(
  view: DoraKeyView,
  current: MetricFigures,
  previous: MetricFigures,
  windowLabel: string,
): Change {
  const now = view.value(current);
  const before = view.value(previous);
  const where = `the previous ${windowLabel}`;
  if (before === null) return { trend: 'unknown', text: `No figure for ${where} to compare with.` };
  if (now === null) return { trend: 'unknown', text: `${view.format(before)} in ${where}; none now.` };
  const diff = now - before;
  if (Math.abs(diff) < 1e-9) return { trend: 'same', text: `Same as in ${where}.` };
  const up = diff > 0;
  const trend: Trend = up === (view.better === 'higher') ? 'better' : 'worse';
  let amount: string;
  if (view.changeIn === 'points') {
    amount = `${formatNumber(Math.abs(diff) * 100, 1)} points`;
  } else if (before === 0) {
    amount = `from ${view.format(before)}`;
    return { trend, text: `${up ? 'Up' : 'Down'} ${amount} in ${where} (${trend}).` };
  } else {
    amount = `${formatNumber(Math.abs(diff / before) * 100, 0)} %`;
  }
  return { trend, text: `${up ? 'Up' : 'Down'} ${amount} from ${view.format(before)} in ${where} (${trend}).` };
}
