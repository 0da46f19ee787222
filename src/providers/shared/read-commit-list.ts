import type { CommitRef } from '../../domain/index.js';
import { asCommitSha } from './commit-sha.js';
import { asObject, describeValue } from './json-values.js';
import { readCommitDetails } from './read-commit-details.js';
import { found, missing, type Read } from './read-result.js';

export interface CommitFields {
  /** Where the list is, for reasons: `commits`, `resource.commits`. */
  readonly path: string;
  /** The key of the commit id in each entry: `id`, `commitId`, `sha`. */
  readonly shaKey: string;
  /** The path of the commit time in each entry: `['timestamp']`, `['committer', 'date']`. */
  readonly timePath: readonly string[];
  /** The provider's time format. */
  readonly parseTime: (text: string) => number | null;
  /** The key of the commit message in each entry: `message`, Azure DevOps `comment`. */
  readonly messageKey: string;
  /**
   * Whether a message or author of the wrong type makes the list unusable (the generic body, whose
   * caller can fix it), rather than being left out (a provider's payload, whose commits still matter).
   */
  readonly strictDetails: boolean;
}

/**
 * Reads a list of commits in the order listed. A commit without a full id or a readable time
 * makes the whole list unusable (a gap would break the chain of parents), and the reason names
 * the entry and field. Each commit keeps its message and author (`readCommitDetails`).
 */
export function readCommitList(value: unknown, fields: CommitFields): Read<CommitRef[]> {
  if (!Array.isArray(value)) return missing(`${fields.path} must be an array, got ${describeValue(value)}`);
  const commits: CommitRef[] = [];
  for (const [index, entry] of value.entries()) {
    const commit = asObject(entry);
    const where = `${fields.path}[${index}]`;
    if (commit === undefined) return missing(`${where} must be an object, got ${describeValue(entry)}`);
    const sha = asCommitSha(commit[fields.shaKey]);
    if (sha === undefined) {
      return missing(`${where}.${fields.shaKey} must be a full commit id, got ${describeValue(commit[fields.shaKey])}`);
    }
    const rawTime = readPath(commit, fields.timePath);
    const timestamp = typeof rawTime === 'string' ? fields.parseTime(rawTime) : null;
    if (timestamp === null) {
      return missing(
        `${where}.${fields.timePath.join('.')} must be a time with its zone, got ${describeValue(rawTime)}`,
      );
    }
    const details = readCommitDetails(commit, where, fields);
    if (!details.ok) return details;
    commits.push({ sha, timestamp, ...details.value });
  }
  return found(commits);
}

function readPath(object: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = object;
  for (const key of path) value = asObject(value)?.[key];
  return value;
}
