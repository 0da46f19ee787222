import { badRequest } from '../errors.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Characters that change how text around them looks without showing themselves: the bidi controls (embeddings,
 * overrides, isolates, marks: U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and the zero-width ones
 * (U+200B–U+200D, U+2060, U+FEFF). In a name they let one project or webhook pass for another (issue 14).
 * A zero-width joiner between two pictographs is how emoji are joined (👩‍💻): that one is kept.
 */
const INVISIBLE =
  /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b\u200c\u2060\ufeff]|(?<!\p{Extended_Pictographic}\ufe0f?)\u200d|\u200d(?!\p{Extended_Pictographic})/u;

/** A name (project, webhook, token): 1 to 100 code points after trimming, no control or invisible characters. */
export function validateName(value: string, field = 'name'): string {
  const name = value.trim();
  const length = [...name].length;
  if (length === 0) throw badRequest(`${field} must not be empty.`);
  if (length > 100) throw badRequest(`${field} must be at most 100 characters (it has ${length}).`);
  if (CONTROL.test(name)) throw badRequest(`${field} must not contain control characters (tabs, newlines...).`);
  const invisible = INVISIBLE.exec(name)?.[0];
  if (invisible !== undefined) {
    const code = (invisible.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
    throw badRequest(
      `${field} must not contain invisible or text-direction characters (it has U+${code}): they make one name look like another.`,
    );
  }
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
