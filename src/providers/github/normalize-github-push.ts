import { isZeroSha, type NormalizedEvent } from '../../domain/index.js';
import { asObject, asText, describeValue } from '../shared/json-values.js';
import { readBranchPush } from '../shared/read-branch-push.js';
import { ignored } from '../shared/read-result.js';

/**
 * `push`: ref, before/after, forced, deleted, and the listed commits, oldest first, with each
 * `timestamp` read with its own offset. GitHub lists at most 2048 commits and gives no total,
 * so the listed count is the total. A tag push or a branch deletion is still a push; ingest
 * decides what counts.
 * Source: https://docs.github.com/en/webhooks/webhook-events-and-payloads#push
 */
export function normalizeGithubPush(payload: Record<string, unknown>): NormalizedEvent {
  const repository = asText(asObject(payload.repository)?.full_name);
  if (repository === undefined) {
    return ignored(
      `repository.full_name must be a repository name, got ${describeValue(asObject(payload.repository)?.full_name)}`,
    );
  }
  const push = readBranchPush(payload);
  if (!push.ok) return ignored(push.reason);
  const { ref, before, after, commits } = push.value;
  return {
    kind: 'push',
    push: {
      repository,
      ref,
      before,
      after,
      forced: payload.forced === true,
      deleted: payload.deleted === true || isZeroSha(after),
      commits,
      totalCommits: commits.length,
    },
  };
}
