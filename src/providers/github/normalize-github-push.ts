import { isZeroSha, type NormalizedEvent } from '../../domain/index.js';
import { asCommitSha } from '../shared/commit-sha.js';
import { asObject, asText, describeValue } from '../shared/json-values.js';
import { orderPushCommits } from '../shared/order-push-commits.js';
import { parseRfc3339 } from '../shared/parse-rfc3339.js';
import { readCommitList } from '../shared/read-commit-list.js';
import { ignored } from '../shared/read-result.js';

/**
 * `push`: ref, before/after, forced, deleted, and the listed commits, oldest first, with each
 * `timestamp` read with its own offset. GitHub lists at most 2048 commits and gives no total,
 * so the listed count is the total. A tag push or a branch deletion is still a push; ingest
 * decides what counts.
 * Source: https://docs.github.com/en/webhooks/webhook-events-and-payloads#push
 */
export function normalizeGithubPush(payload: Record<string, unknown>): NormalizedEvent {
  const ref = asText(payload.ref);
  if (ref === undefined) return ignored(`ref must be a ref name, got ${describeValue(payload.ref)}`);
  const before = asCommitSha(payload.before);
  if (before === undefined) return ignored(`before must be a full commit id, got ${describeValue(payload.before)}`);
  const after = asCommitSha(payload.after);
  if (after === undefined) return ignored(`after must be a full commit id, got ${describeValue(payload.after)}`);
  const repository = asText(asObject(payload.repository)?.full_name);
  if (repository === undefined) {
    return ignored(
      `repository.full_name must be a repository name, got ${describeValue(asObject(payload.repository)?.full_name)}`,
    );
  }
  const commits = readCommitList(payload.commits, {
    path: 'commits',
    shaKey: 'id',
    timePath: ['timestamp'],
    parseTime: parseRfc3339,
  });
  if (!commits.ok) return ignored(commits.reason);
  return {
    kind: 'push',
    push: {
      repository,
      ref,
      before,
      after,
      forced: payload.forced === true,
      deleted: payload.deleted === true || isZeroSha(after),
      commits: orderPushCommits(commits.value, after),
      totalCommits: commits.value.length,
    },
  };
}
