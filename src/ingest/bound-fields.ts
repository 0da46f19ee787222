import type { CommitRef, DeploymentEvent, NormalizedEvent, PushEvent } from '../domain/index.js';
import type { DeliveryKeyRule } from '../providers/provider.js';

/**
 * The longest identifier kept, in UTF-16 code units: environment, repository, ref, deployment id, instance, status
 * key and state, delivery key. These sit in PostgreSQL indexes, whose rows hold at most about 2,700 bytes; at 3
 * UTF-8 bytes a code unit at most, the longest push key (repository, ref and two shas) stays under it. GitHub and
 * GitLab cap branch and environment names at 255 too.
 */
export const MAX_IDENTIFIER_LENGTH = 255;
/** The longest commit sha kept: SHA-1 is 40 hex digits, SHA-256 64; anything longer is not a sha. */
export const MAX_SHA_LENGTH = 64;
/** A longer URL (a run's or a commit's page) is dropped, not refused: it is not needed to count anything. */
export const MAX_URL_LENGTH = 2048;

export type BoundResult = { ok: true; normalized: NormalizedEvent } | { ok: false; message: string };

/**
 * Bounds every text field of a normalized event before it is stored (issue 14, item 6). An identifier over its
 * bound is a 400 naming the field: cutting it would merge two environments or repositories. URLs over theirs are
 * dropped (a provider may send a long run URL; a cut link leads nowhere). Event kinds not listed here pass as they are.
 */
export function boundEvent(normalized: NormalizedEvent): BoundResult {
  switch (normalized.kind) {
    case 'deployment': {
      const problem = deploymentProblem(normalized.deployment);
      if (problem !== null) return { ok: false, message: problem };
      return { ok: true, normalized: { kind: 'deployment', deployment: withBoundedUrls(normalized.deployment) } };
    }
    case 'push': {
      const problem = pushProblem(normalized.push);
      return problem === null ? { ok: true, normalized } : { ok: false, message: problem };
    }
    case 'pushes': {
      for (const push of normalized.pushes) {
        const problem = pushProblem(push);
        if (problem !== null) return { ok: false, message: problem };
      }
      return { ok: true, normalized };
    }
    default:
      return { ok: true, normalized };
  }
}

/** The delivery key over its bound is a 400 naming where it came from. */
export function deliveryKeyProblem(key: string | null, rule: DeliveryKeyRule): string | null {
  if (key === null || key.length <= MAX_IDENTIFIER_LENGTH) return null;
  const where = [
    ...rule.headers.map((h) => `header ${h}`),
    ...(rule.bodyField ? [`body field ${rule.bodyField}`] : []),
  ];
  return `The delivery key (${where.join(', then ')}) is over ${MAX_IDENTIFIER_LENGTH} characters.`;
}

function tooLong(field: string, value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined || value.length <= max) return null;
  return `The field ${field} is over ${max} characters (${value.length}).`;
}

function deploymentProblem(d: DeploymentEvent): string | null {
  return (
    tooLong('deploymentId', d.providerDeploymentId, MAX_IDENTIFIER_LENGTH) ??
    tooLong('instance', d.instance, MAX_IDENTIFIER_LENGTH) ??
    tooLong('repository', d.repository, MAX_IDENTIFIER_LENGTH) ??
    tooLong('environment', d.environment, MAX_IDENTIFIER_LENGTH) ??
    tooLong('sha', d.sha, MAX_SHA_LENGTH) ??
    tooLong('ref', d.ref, MAX_IDENTIFIER_LENGTH) ??
    tooLong('status key', d.status?.key, MAX_IDENTIFIER_LENGTH) ??
    tooLong('status', d.status?.providerState, MAX_IDENTIFIER_LENGTH) ??
    commitsProblem(d.commits ?? [])
  );
}

function pushProblem(p: PushEvent): string | null {
  return (
    tooLong('repository', p.repository, MAX_IDENTIFIER_LENGTH) ??
    tooLong('ref', p.ref, MAX_IDENTIFIER_LENGTH) ??
    tooLong('before', p.before, MAX_SHA_LENGTH) ??
    tooLong('after', p.after, MAX_SHA_LENGTH) ??
    commitsProblem(p.commits)
  );
}

function commitsProblem(commits: readonly CommitRef[]): string | null {
  for (const commit of commits) {
    const problem = tooLong('commits[].sha', commit.sha, MAX_SHA_LENGTH);
    if (problem !== null) return problem;
  }
  return null;
}

function withBoundedUrls(d: DeploymentEvent): DeploymentEvent {
  const url = d.url !== null && d.url.length > MAX_URL_LENGTH ? null : d.url;
  const commitUrl = d.commitUrl !== null && d.commitUrl.length > MAX_URL_LENGTH ? null : d.commitUrl;
  return url === d.url && commitUrl === d.commitUrl ? d : { ...d, url, commitUrl };
}
