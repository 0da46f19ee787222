import type { CommitAuthor } from '../domain/index.js';

/** The default of `leadTimeExcludedAuthors` (CONTRACT.md version 2, "Project settings"). */
export const DEFAULT_EXCLUDED_AUTHORS: readonly string[] = ['*[bot]'];

/**
 * Whether a commit's author matches any of `patterns` (`leadTimeExcludedAuthors`): each pattern is
 * matched, ignoring case, against the author's name, email and username, each whole. Only `*` is
 * special, matching any run of characters, possibly empty; every other character (`?`, `[`, `]`
 * and `\` included) matches itself. A commit without an author matches nothing.
 * Case is ignored by comparing `toLowerCase()` of both sides.
 */
export function matchesExcludedAuthor(patterns: readonly string[], author: CommitAuthor | null | undefined): boolean {
  if (author === null || author === undefined || patterns.length === 0) return false;
  const fields: string[] = [];
  for (const field of [author.name, author.email, author.username])
    if (field !== null) fields.push(field.toLowerCase());
  return patterns.some((pattern) => {
    const lower = pattern.toLowerCase();
    return fields.some((field) => wildcardMatch(lower, field));
  });
}

/**
 * Whether `text` matches `pattern` whole, `*` matching any run: the greedy two-pointer match that
 * returns to the last `*` on a mismatch (linear for patterns with one `*`, never exponential).
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p;
      p += 1;
      resume = t;
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p += 1;
      t += 1;
    } else if (star >= 0) {
      p = star + 1;
      resume += 1;
      t = resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p += 1;
  return p === pattern.length;
}
