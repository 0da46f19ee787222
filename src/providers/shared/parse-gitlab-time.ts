import { parseRfc3339 } from './parse-rfc3339.js';
import { offsetMinutes, utcEpochMs } from './utc-epoch-ms.js';

// Ruby's Time#to_s: `2021-04-28 21:50:00 +0200`, or `2016-08-12 15:23:28 UTC`.
const RUBY_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) (?:([+-])(\d{2})(\d{2})|UTC)$/;

/**
 * Parses GitLab's Deployment Hook `status_changed_at`, which is not ISO 8601 but Ruby's
 * `Time#to_s` in the GitLab server's zone (`2021-04-28 21:50:00 +0200`, or `... UTC`). An
 * RFC 3339 time is accepted too, should a later GitLab switch. Epoch ms in whole seconds, or null.
 * Source: gitlabhq doc/user/project/integrations/webhook_events.md ("Deployment events" example).
 */
export function parseGitlabTime(text: string): number | null {
  const m = RUBY_TIME.exec(text);
  if (m === null) return parseRfc3339(text);
  const [, year, month, day, hour, minute, second, sign, offH, offM] = m;
  if (sign !== undefined && (Number(offH) > 23 || Number(offM) > 59)) return null;
  return utcEpochMs({
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
    offsetMinutes: sign === undefined ? 0 : offsetMinutes(sign, offH ?? '0', offM ?? '0'),
  });
}
