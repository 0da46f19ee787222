/**
 * The time zone's canonical IANA name as the runtime's time zone database spells it
 * (`europe/paris` → `Europe/Paris`, `Etc/UTC` → `UTC`), or null when it is not a zone name.
 * Offsets such as `+01:00`, which newer runtimes accept as zones, are not names and give null.
 */
export function canonicalTimeZone(name: string): string | null {
  if (name.length === 0 || name.length > 64 || /^[+-]|^\s|\s$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Whether `name` is an IANA time zone name the runtime knows (`Europe/Paris`, `UTC`, `America/New_York`). */
export function isValidTimeZone(name: string): boolean {
  return canonicalTimeZone(name) !== null;
}
