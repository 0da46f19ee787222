/** How the page writes figures for people: durations, rates, frequencies and times. */

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

function trimmed(value: number, digits: number): string {
  return new Intl.NumberFormat('en', { maximumFractionDigits: digits }).format(value);
}

/** Seconds in a human unit: "40 s", "12 min", "2 h 15 min", "3.4 days". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, seconds);
  if (s < MINUTE) return `${Math.round(s)} s`;
  if (s < HOUR) return `${Math.round(s / MINUTE)} min`;
  if (s < DAY) {
    const totalMinutes = Math.round(s / MINUTE);
    const hours = Math.floor(totalMinutes / 60);
    const minutes = totalMinutes % 60;
    if (hours === 24) return '1 day';
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  const days = s / DAY;
  const text = trimmed(days, 1);
  return text === '1' ? '1 day' : `${text} days`;
}

/** A ratio as a percentage: 0.142857 → "14.3 %". */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${trimmed(rate * 100, 1)} %`;
}

/** A small figure with up to two decimals: 0.4 → "0.4", 2.857 → "2.86". */
export function formatNumber(value: number, digits = 2): string {
  return trimmed(value, digits);
}

/** Deployments per day as "0.4 per day / 2.8 per week". */
export function formatFrequency(perDay: number | null | undefined): string {
  if (perDay === null || perDay === undefined || !Number.isFinite(perDay)) return '—';
  return `${formatNumber(perDay)} per day / ${formatNumber(perDay * 7, 1)} per week`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${new Intl.NumberFormat('en').format(count)} ${count === 1 ? one : many}`;
}

/** A timestamp in a time zone (the project's, else the browser's), e.g. "2 Mar 2026, 15:05". */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      ...(timeZone ? { timeZone } : {}),
    }).format(date);
  } catch {
    return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  }
}

/** A calendar date "YYYY-MM-DD" as "2 Mar 2026". */
export function formatDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** The first seven characters of a commit id, as providers show it. */
export function shortSha(sha: string | null): string {
  return sha ? sha.slice(0, 7) : '—';
}
