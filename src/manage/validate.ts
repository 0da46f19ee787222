import { badRequest } from '../errors.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A name (project, webhook, token): 1 to 100 code points after trimming, no control characters. */
export function validateName(value: string, field = 'name'): string {
  const name = value.trim();
  const length = [...name].length;
  if (length === 0) throw badRequest(`${field} must not be empty.`);
  if (length > 100) throw badRequest(`${field} must be at most 100 characters (it has ${length}).`);
  if (CONTROL.test(name)) throw badRequest(`${field} must not contain control characters (tabs, newlines...).`);
  return name;
}

const ZONES = new Set(Intl.supportedValuesOf('timeZone'));

/** An IANA time zone name such as Europe/Paris. */
export function validateTimeZone(value: string, field = 'timeZone'): string {
  if (value === 'UTC' || ZONES.has(value)) return value;
  try {
    // Aliases (e.g. Asia/Calcutta) are valid even when not in the canonical list.
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
    if (/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(value) && resolved !== '') return value;
  } catch {
    // falls through to the error below
  }
  throw badRequest(
    `${field} must be an IANA time zone name such as Europe/Paris or UTC (got ${JSON.stringify(value)}).`,
  );
}
