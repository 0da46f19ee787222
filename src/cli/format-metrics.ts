import type { MetricsBody } from '../reports/metrics.js';

/** A duration in the largest unit that reads well: 45 s, 12 min, 3.5 h, 2.1 days. */
export function humanDuration(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

/** The five DORA figures and time to restore service as a table a person can read, with the sample each rests on. */
export function formatMetricsTable(m: MetricsBody): string {
  const df = m.deploymentFrequency;
  const lt = m.leadTimeForChanges;
  const cfr = m.changeFailureRate;
  const rt = m.failedDeploymentRecoveryTime;
  const rw = m.reworkRate;
  const tr = m.timeToRestoreService;
  const rows: [string, string, string, string][] = [
    [
      'Deployment frequency',
      `${df.perDay.toFixed(2)} per day`,
      df.level ?? '-',
      `${df.deployments} deployments on ${df.deploymentDays} days`,
    ],
    [
      'Lead time for changes',
      humanDuration(lt.medianSeconds),
      lt.level ?? '-',
      `median of ${lt.commits} commits, ${lt.deploymentsWithCommits} deployments`,
    ],
    [
      'Change failure rate',
      cfr.rate === null ? '-' : `${(cfr.rate * 100).toFixed(1)} %`,
      cfr.level ?? '-',
      `${cfr.failedDeployments} of ${cfr.deployments} deployments`,
    ],
    [
      'Failed deployment recovery time',
      humanDuration(rt.medianSeconds),
      rt.level ?? '-',
      `${rt.recovered} of ${rt.failures} failure streaks recovered`,
    ],
    [
      'Rework rate',
      rw.rate === null ? '-' : `${(rw.rate * 100).toFixed(1)} %`,
      '-',
      `${rw.reworkDeployments} of ${rw.deployments} successful deployments`,
    ],
    [
      'Time to restore service',
      humanDuration(tr.medianSeconds),
      '-',
      `${tr.resolved} of ${tr.incidents} incidents resolved`,
    ],
  ];
  const header: [string, string, string, string] = ['Key', 'Value', 'Level', 'Based on'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) => `${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}\n`;
  return `Window ${m.from} to ${m.to} (to exclusive)\n\n${line(header)}${line(widths.map((w) => '-'.repeat(w)))}${rows.map(line).join('')}`;
}
