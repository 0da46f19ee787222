/** The top-level keys of the settings, and the one a 400 names (its message starts with the field). */
export type SettingsField =
  | 'leadTimeExcludedAuthors'
  | 'failureDetection.rollback'
  | 'failureDetection.revert'
  | 'failureDetection.hotfixKeywords'
  | 'failureDetection.incidents'
  | 'incidentLabels'
  | 'incidentWindowHours'
  | 'pagerdutyServices';

const FIELDS: readonly SettingsField[] = [
  'leadTimeExcludedAuthors',
  'failureDetection.rollback',
  'failureDetection.revert',
  'failureDetection.hotfixKeywords',
  'failureDetection.incidents',
  'incidentLabels',
  'incidentWindowHours',
  'pagerdutyServices',
];

/** An `ApiError` of status 400 (read by shape: this module imports nothing, so the unit tests can load it). */
function isBadRequest(error: unknown): error is { status: 400; message: string } {
  if (typeof error !== 'object' || error === null) return false;
  const { status, message } = error as { status?: unknown; message?: unknown };
  return status === 400 && typeof message === 'string';
}

/**
 * The field a 400 from `PUT …/settings` is about: the API's message names it first (`incidentWindowHours must be…`,
 * `failureDetection.hotfixKeywords[2] must…`, `pagerdutyServices.P123 must name…`). Null for any other error.
 */
export function fieldOfError(error: unknown): SettingsField | null {
  if (!isBadRequest(error)) return null;
  const head = error.message.split(/\s/, 1)[0] ?? '';
  const found = FIELDS.find((f) => head === f || head.startsWith(`${f}[`) || head.startsWith(`${f}.`));
  if (found) return found;
  return /PagerDuty service/i.test(error.message) ? 'pagerdutyServices' : null;
}

/** Lines of a text area as a list: trimmed, blank ones dropped (the API refuses empty entries). */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
