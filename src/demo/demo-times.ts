const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-03-01T10:00:00Z`. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The same instant written at a fixed offset: `2026-03-01T11:00:00+01:00`, as git and GitHub write commit times. */
export function isoAtOffset(ms: number, offsetMinutes: number): string {
  if (offsetMinutes === 0) return isoSeconds(ms);
  const local = isoSeconds(ms + offsetMinutes * 60_000).slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** GitLab's Deployment Hook `status_changed_at`: Ruby's Time#to_s, `2026-03-01 10:00:00 +0000`. */
export function gitlabTime(ms: number): string {
  return `${isoSeconds(ms).slice(0, 19).replace('T', ' ')} +0000`;
}

/** Azure DevOps writes seven fraction digits: `2026-03-01T10:00:00.1234567Z`. */
export function azureTime(ms: number, fraction: number): string {
  return `${isoSeconds(ms).slice(0, 19)}.${String(fraction).padStart(7, '0')}Z`;
}
