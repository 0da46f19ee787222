// A full commit id: 40 hex digits (SHA-1), or 64 for repositories in SHA-256 object format.
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/** A full commit id in lower case, or undefined for anything else (a short sha included). */
export function asCommitSha(value: unknown): string | undefined {
  return typeof value === 'string' && FULL_SHA.test(value) ? value.toLowerCase() : undefined;
}
