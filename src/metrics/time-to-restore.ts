import { median } from './median.js';
import { isInWindow } from './metric-deployment.js';

export interface TimeToRestoreService {
  /** Median of resolution minus start, in seconds, over the resolved incidents; null when none is resolved. */
  readonly medianSeconds: number | null;
  /** Incidents that started in the window. */
  readonly incidents: number;
  /** Those resolved (possibly after the window). */
  readonly resolved: number;
}

/** What the figure needs of an incident (one that counts as an incident). Epoch ms. */
export interface RestorableIncident {
  readonly startedAt: number;
  readonly resolvedAt: number | null;
}

/**
 * Time to restore service over `window` (CONTRACT.md, "Incidents"): the incidents that started in
 * the window, and the median time from start to resolution over those resolved. A resolution
 * stamped before the start (clocks of two systems) counts as zero. It stands beside failed
 * deployment recovery time and never replaces it.
 */
export function timeToRestoreService(
  incidents: readonly RestorableIncident[],
  window: { readonly from: number; readonly to: number },
): TimeToRestoreService {
  let count = 0;
  const seconds: number[] = [];
  for (const incident of incidents) {
    if (!isInWindow(incident.startedAt, window)) continue;
    count += 1;
    if (incident.resolvedAt !== null) seconds.push(Math.max(0, incident.resolvedAt - incident.startedAt) / 1000);
  }
  return { medianSeconds: median(seconds), incidents: count, resolved: seconds.length };
}
