import { offsetMinutes, utcEpochMs } from './utc-epoch-ms.js';

// Date, `T`, time, 0-9 fraction digits, then `Z` or a `±HH:MM` offset (RFC 3339 section 5.6).
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 / ISO 8601 date-time with `Z` or an offset (`2015-05-05T19:40:15-04:00`,
 * `2016-09-19T13:03:28.5345098Z`) strictly: no Date.parse, no missing zone, no out-of-range field.
 * Returns epoch milliseconds truncated to the second (the fraction is dropped), or null.
 * Source: https://www.rfc-editor.org/rfc/rfc3339#section-5.6
 */
export function parseRfc3339(text: string): number | null {
  const m = RFC3339.exec(text);
  if (m === null) return null;
  const [, year, month, day, hour, minute, second, , zulu, sign, offH, offM] = m;
  if (zulu === undefined && (Number(offH) > 23 || Number(offM) > 59)) return null;
  return utcEpochMs({
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
    offsetMinutes: zulu === undefined ? offsetMinutes(sign ?? '+', offH ?? '0', offM ?? '0') : 0,
  });
}
