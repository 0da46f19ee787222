/** DORA performance levels, best first. */
export const LEVELS = ['elite', 'high', 'medium', 'low'] as const;
export type Level = (typeof LEVELS)[number];

const DAY = 86_400;

/**
 * The one table of cut-offs (CONTRACT.md, "Metrics"); the first row that holds wins, `low` otherwise.
 * Deployment frequency goes by deployment days: `daysPerWeek` = deploymentDays / floor(days / 7),
 * `daysPer30` = deploymentDays / max(1, floor(days / 30)). Durations are in seconds and compared
 * strictly (`<`); rates are compared with `<=`.
 */
export const LEVEL_TABLE = {
  deploymentFrequency: {
    elite: { daysPerWeek: 5 },
    high: { daysPerWeek: 1 },
    medium: { daysPer30: 1 },
  },
  leadTimeSeconds: { elite: DAY, high: 7 * DAY, medium: 30 * DAY },
  changeFailureRate: { elite: 0.05, high: 0.1, medium: 0.15 },
  recoveryTimeSeconds: { elite: 3_600, high: DAY, medium: 7 * DAY },
} as const;

/**
 * Deployment frequency's level from the number of deployment days in a window of `days` days;
 * null under 7 days. Compared without dividing: daysPerWeek >= n ⇔ deploymentDays >= n × weeks.
 */
export function deploymentFrequencyLevel(deploymentDays: number, days: number): Level | null {
  const weeks = Math.floor(days / 7);
  if (weeks < 1) return null;
  const table = LEVEL_TABLE.deploymentFrequency;
  if (deploymentDays >= table.elite.daysPerWeek * weeks) return 'elite';
  if (deploymentDays >= table.high.daysPerWeek * weeks) return 'high';
  if (deploymentDays >= table.medium.daysPer30 * Math.max(1, Math.floor(days / 30))) return 'medium';
  return 'low';
}

function byUpperBound(value: number | null, bounds: { elite: number; high: number; medium: number }): Level | null {
  if (value === null) return null;
  if (value < bounds.elite) return 'elite';
  if (value < bounds.high) return 'high';
  if (value < bounds.medium) return 'medium';
  return 'low';
}

/** Lead time's level from the median in seconds; null for null. */
export function leadTimeLevel(medianSeconds: number | null): Level | null {
  return byUpperBound(medianSeconds, LEVEL_TABLE.leadTimeSeconds);
}

/** Recovery time's level from the median in seconds; null for null. */
export function recoveryTimeLevel(medianSeconds: number | null): Level | null {
  return byUpperBound(medianSeconds, LEVEL_TABLE.recoveryTimeSeconds);
}

/**
 * Change failure rate's level; null for null. `failed / total` rounds to the same double as the
 * literal cut-off when they are equal (3 / 20 === 0.15), so `<=` is exact at the boundaries.
 */
export function changeFailureRateLevel(rate: number | null): Level | null {
  if (rate === null) return null;
  const bounds = LEVEL_TABLE.changeFailureRate;
  if (rate <= bounds.elite) return 'elite';
  if (rate <= bounds.high) return 'high';
  if (rate <= bounds.medium) return 'medium';
  return 'low';
}
