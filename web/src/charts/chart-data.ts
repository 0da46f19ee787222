import type { SeriesInterval, SeriesPoint } from '../api/types';
import type { DoraKey } from '../lib/dora-keys';

export interface ChartRow {
  label: string;
  /** The full period, for the table and the tooltip. */
  period: string;
  value: number | null;
}

export interface ChartSpec {
  rows: ChartRow[];
  unit: string;
  /** Bars for counts, lines for medians and rates. */
  kind: 'bar' | 'line';
  format: (value: number) => string;
}

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat('en-GB', options);
  }
}

function labels(point: SeriesPoint, interval: SeriesInterval, timeZone: string): { label: string; period: string } {
  const from = new Date(point.from);
  const lastInstant = new Date(new Date(point.to).getTime() - 1);
  if (interval === 'month') {
    const label = formatter(timeZone, { month: 'short', year: 'numeric' }).format(from);
    return { label, period: label };
  }
  const day = formatter(timeZone, { day: 'numeric', month: 'short' });
  const label = day.format(from);
  if (interval === 'day') return { label, period: formatter(timeZone, { dateStyle: 'medium' }).format(from) };
  return { label, period: `${label} – ${day.format(lastInstant)}` };
}

function durationUnit(values: number[]): { unit: string; divisor: number } {
  const max = Math.max(0, ...values);
  if (max < 2 * 3600) return { unit: 'minutes', divisor: 60 };
  if (max < 72 * 3600) return { unit: 'hours', divisor: 3600 };
  return { unit: 'days', divisor: 86400 };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The figures of one key over time, in a unit that suits their size. */
export function chartSpec(key: DoraKey, points: SeriesPoint[], interval: SeriesInterval, timeZone: string): ChartSpec {
  const named = points.map((point) => ({ point, ...labels(point, interval, timeZone) }));
  if (key === 'deploymentFrequency') {
    return {
      kind: 'bar',
      unit: `successful deployments per ${interval}`,
      format: (v) => String(v),
      rows: named.map(({ point, label, period }) => ({ label, period, value: point.deploymentFrequency.deployments })),
    };
  }
  if (key === 'changeFailureRate' || key === 'reworkRate') {
    return {
      kind: 'line',
      unit: key === 'reworkRate' ? '% of successful deployments' : '% of deployments',
      format: (v) => `${v} %`,
      rows: named.map(({ point, label, period }) => {
        const rate = key === 'reworkRate' ? point.reworkRate.rate : point.changeFailureRate.rate;
        return { label, period, value: rate === null ? null : round(rate * 100, 1) };
      }),
    };
  }
  const seconds = named.map(({ point }) => {
    if (key === 'leadTimeForChanges') return point.leadTimeForChanges.medianSeconds;
    if (key === 'timeToRestoreService') return point.timeToRestoreService.medianSeconds;
    return point.failedDeploymentRecoveryTime.medianSeconds;
  });
  const { unit, divisor } = durationUnit(seconds.filter((s): s is number => s !== null));
  return {
    kind: 'line',
    unit: `median, ${unit}`,
    format: (v) => `${v} ${unit}`,
    rows: named.map(({ label, period }, i) => {
      const s = seconds[i];
      return { label, period, value: s === null || s === undefined ? null : round(s / divisor, 1) };
    }),
  };
}
