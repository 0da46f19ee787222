import type { IssueFacts } from '../domain/incident-event.js';

/**
 * Whether one of an issue's label names is in the project's `incidentLabels`. Names are compared trimmed and
 * without regard to case, as GitHub and GitLab do not let two labels of a project differ only by case.
 */
export function hasIncidentLabel(labels: readonly string[], incidentLabels: readonly string[]): boolean {
  const wanted = new Set(incidentLabels.map(normalizeLabel).filter((label) => label !== ''));
  return labels.some((label) => wanted.has(normalizeLabel(label)));
}

/**
 * Why an incident is none, by the project's current `incidentLabels` (CONTRACT.md, "Incidents"; the contract's
 * rule that every setting applies to all history): what the source says (`sourceReason`: deleted, moved, closed
 * as not planned, declined...) wins; else an issue is an incident when its type is Incident or one of its labels is
 * in `incidentLabels`; anything that is not an issue (`issue` null) is what its source says. Null: an incident.
 */
export function issueNotIncidentReason(
  sourceReason: string | null,
  issue: IssueFacts | null,
  incidentLabels: readonly string[],
): string | null {
  if (sourceReason !== null || issue === null) return sourceReason;
  if (issue.typed || hasIncidentLabel(issue.labels, incidentLabels)) return null;
  return `issue #${issue.number} has no label in incidentLabels (${incidentLabels.join(', ')}) and its type is not Incident`;
}

/** The `incidentLabels` an issue's stored decision was made with, as one comparable text. */
export function incidentLabelsKey(incidentLabels: readonly string[]): string {
  return JSON.stringify(incidentLabels);
}

function normalizeLabel(label: string): string {
  return label.trim().toLowerCase();
}
