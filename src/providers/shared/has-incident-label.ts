/**
 * Whether one of an issue's label names is in the project's `incidentLabels`. Names are compared
 * trimmed and without regard to case, as GitHub and GitLab do not let two labels of a project
 * differ only by case.
 */
export function hasIncidentLabel(labels: readonly string[], incidentLabels: readonly string[]): boolean {
  const wanted = new Set(incidentLabels.map(normalizeLabel).filter((label) => label !== ''));
  return labels.some((label) => wanted.has(normalizeLabel(label)));
}

function normalizeLabel(label: string): string {
  return label.trim().toLowerCase();
}
