import { isZeroSha, type NormalizedEvent, type PushEvent } from '../../domain/index.js';
import { asCommitSha } from '../shared/commit-sha.js';
import { asObject, asText, describeValue } from '../shared/json-values.js';
import { orderPushCommits } from '../shared/order-push-commits.js';
import { parseAzureTime } from '../shared/parse-azure-time.js';
import { readCommitList } from '../shared/read-commit-list.js';
import { ignored } from '../shared/read-result.js';
import { azureOrganization } from './azure-organization.js';

/**
 * `git.push` ("Code pushed"): one push per `resource.refUpdates` entry (`oldObjectId` as before,
 * `newObjectId` as after). Azure DevOps lists commits newest first, so they are reversed; their
 * time is `committer.date`. The payload does not say which listed commit belongs to which ref,
 * so when a push moves several refs, the commits go to the ref update whose `newObjectId` is
 * the newest listed commit and the others carry none. The list's cap is undocumented, so the
 * listed count is the total.
 * Source: MicrosoftDocs/azure-devops-docs docs/service-hooks/events.md, "Code pushed".
 */
export function normalizeGitPush(payload: Record<string, unknown>): NormalizedEvent {
  const resource = asObject(payload.resource);
  if (resource === undefined) {
    return ignored('git.push without resource: set the subscription\'s "Resource details to send" to All');
  }
  const repo = asObject(resource.repository);
  const repoName = asText(repo?.name);
  if (repoName === undefined)
    return ignored(`resource.repository.name must name the repository, got ${describeValue(repo?.name)}`);
  const project = asText(asObject(repo?.project)?.name);
  if (project === undefined) {
    return ignored(
      `resource.repository.project.name must name the project, got ${describeValue(asObject(repo?.project)?.name)}`,
    );
  }
  const organization = azureOrganization(payload, [repo?.remoteUrl, repo?.url, resource.url]);
  if (organization === undefined) {
    return ignored('cannot tell the Azure DevOps organization: no resourceContainers baseUrl and no repository URL');
  }
  const listed = readCommitList(resource.commits ?? [], {
    path: 'resource.commits',
    shaKey: 'commitId',
    timePath: ['committer', 'date'],
    parseTime: parseAzureTime,
    messageKey: 'comment',
    strictDetails: false,
  });
  if (!listed.ok) return ignored(listed.reason);
  const newestFirst = listed.value;
  const updates = resource.refUpdates;
  if (!Array.isArray(updates) || updates.length === 0) {
    return ignored(`resource.refUpdates must list the refs the push moved, got ${describeValue(updates)}`);
  }
  const pushes: PushEvent[] = [];
  for (const [index, entry] of updates.entries()) {
    const update = asObject(entry);
    const ref = asText(update?.name);
    const before = asCommitSha(update?.oldObjectId);
    const after = asCommitSha(update?.newObjectId);
    if (ref === undefined || before === undefined || after === undefined) {
      return ignored(
        `resource.refUpdates[${index}] must have a name, an oldObjectId and a newObjectId (full commit ids), got ${describeValue(entry)}`,
      );
    }
    const commits = updates.length === 1 || newestFirst[0]?.sha === after ? newestFirst : [];
    pushes.push({
      repository: `${organization}/${project}/${repoName}`,
      ref,
      before,
      after,
      forced: false,
      deleted: isZeroSha(after),
      commits: orderPushCommits([...commits].reverse(), after),
      totalCommits: commits.length,
    });
  }
  const [only] = pushes;
  return pushes.length === 1 && only !== undefined ? { kind: 'push', push: only } : { kind: 'pushes', pushes };
}
