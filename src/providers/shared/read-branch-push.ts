import type { CommitRef } from '../../domain/index.js';
import { asCommitSha } from './commit-sha.js';
import { asText, describeValue } from './json-values.js';
import { orderPushCommits } from './order-push-commits.js';
import { parseRfc3339 } from './parse-rfc3339.js';
import { readCommitList } from './read-commit-list.js';
import { found, missing, type Read } from './read-result.js';

export interface BranchPush {
  readonly ref: string;
  readonly before: string;
  readonly after: string;
  /** Oldest to newest (`orderPushCommits`). */
  readonly commits: CommitRef[];
}

/**
 * The fields GitHub's `push` and GitLab's `Push Hook` share, under the same names: `ref`,
 * `before`, `after`, and `commits[]` with `id`, an RFC 3339 `timestamp` carrying its offset, `message`
 * and `author` {`name`, `email`, and on GitHub `username`}.
 * Sources: https://docs.github.com/en/webhooks/webhook-events-and-payloads#push;
 * gitlabhq doc/user/project/integrations/webhook_events.md, "Push events".
 */
export function readBranchPush(payload: Record<string, unknown>): Read<BranchPush> {
  const ref = asText(payload.ref);
  if (ref === undefined) return missing(`ref must be a ref name, got ${describeValue(payload.ref)}`);
  const before = asCommitSha(payload.before);
  if (before === undefined) return missing(`before must be a full commit id, got ${describeValue(payload.before)}`);
  const after = asCommitSha(payload.after);
  if (after === undefined) return missing(`after must be a full commit id, got ${describeValue(payload.after)}`);
  const commits = readCommitList(payload.commits, {
    path: 'commits',
    shaKey: 'id',
    timePath: ['timestamp'],
    parseTime: parseRfc3339,
    messageKey: 'message',
    strictDetails: false,
  });
  if (!commits.ok) return commits;
  return found({ ref, before, after, commits: orderPushCommits(commits.value, after) });
}
