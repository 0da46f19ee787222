const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * How a failure cause's `detail` writes an instant by default: "4 Jun 2026 11:00 UTC". UTC, because a verdict is a
 * property of the deployment, the same for every reader, and may be stored; the year, because history spans years.
 */
export function formatDetailTime(instant: number): string {
  const date = new Date(instant);
  const hours = String(date.getUTCHours()).padStart(2, '0');
  const minutes = String(date.getUTCMinutes()).padStart(2, '0');
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${hours}:${minutes} UTC`;
}

/** The first 7 characters of a sha, as git abbreviates it. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** " (b2c3d4e)" after a deployment's time, or nothing when its sha is unknown. */
export function shaInParentheses(sha: string | null): string {
  return sha === null ? '' : ` (${shortSha(sha)})`;
}
