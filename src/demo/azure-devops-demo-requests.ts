import type { DemoEvent } from './demo-history.js';
import type { DemoRequest } from './demo-request.js';
import { azureTime } from './demo-times.js';
import type { Prng } from './prng.js';

const ORGANIZATION = 'acme';
const BASE_URL = `https://dev.azure.com/${ORGANIZATION}/`;
const COLLECTION_ID = '5e1b8a0c-3f2d-4c6e-9a7b-2d4f6e8a0c1e';
const PROJECT_ID = 'b7c1d2e3-4f50-4a6b-8c7d-9e0f1a2b3c4d';
const REPOSITORY_ID = '0d9c8b7a-6e5f-4d3c-2b1a-0f9e8d7c6b5a';

/**
 * Azure DevOps `git.push` and `ms.vss-release.deployment-completed-event` (resource version 3.0-preview.1)
 * deliveries, with the secret in the subscription's `X-Azure-Token` header. A release deployment sends one event,
 * when it completes. The repository Shipwatch names is `<organization>/<project>/<repository>`.
 * Source: MicrosoftDocs/azure-devops-docs docs/service-hooks/events.md ("Code pushed", "Release deployment completed").
 */
export function azureDevopsDemoRequest(event: DemoEvent, secret: string, prng: Prng): DemoRequest | null {
  const [, project = 'Checkout', repositoryName = 'checkout-worker'] = event.repository.name.split('/');
  const resourceContainers = {
    collection: { id: COLLECTION_ID, baseUrl: BASE_URL },
    account: { id: 'f844ec47-a9db-4511-8281-8b63f4eaf94e', baseUrl: BASE_URL },
    project: { id: PROJECT_ID, baseUrl: BASE_URL },
  };
  const remoteUrl = `${BASE_URL}${project}/_git/${repositoryName}`;
  let payload: Record<string, unknown>;
  if (event.kind === 'push') {
    const pusher = event.commits.at(-1)?.author ?? { name: 'Acme', email: 'dev@acme.example' };
    payload = {
      subscriptionId: '2a7f3c9e-1b4d-4e6f-8a0c-5d7e9f1b3c5a',
      notificationId: prng.int(1, 99_999),
      id: prng.uuid(),
      eventType: 'git.push',
      publisherId: 'tfs',
      message: { text: `${pusher.name} pushed updates to ${repositoryName}:main.` },
      detailedMessage: { text: `${pusher.name} pushed ${event.commits.length} commit(s) to ${repositoryName}:main.` },
      resource: {
        commits: [...event.commits].reverse().map((c) => ({
          commitId: c.sha,
          author: { name: c.author.name, email: c.author.email, date: azureTime(c.at, 0) },
          committer: { name: c.author.name, email: c.author.email, date: azureTime(c.at, 0) },
          comment: c.message,
          url: `${remoteUrl}/commit/${c.sha}`,
        })),
        refUpdates: [{ name: 'refs/heads/main', oldObjectId: event.before, newObjectId: event.after }],
        repository: {
          id: REPOSITORY_ID,
          name: repositoryName,
          url: `${BASE_URL}_apis/git/repositories/${REPOSITORY_ID}`,
          project: {
            id: PROJECT_ID,
            name: project,
            url: `${BASE_URL}_apis/projects/${PROJECT_ID}`,
            state: 'wellFormed',
          },
          defaultBranch: 'refs/heads/main',
          remoteUrl,
        },
        pushedBy: { displayName: pusher.name, uniqueName: pusher.email },
        pushId: prng.int(1000, 99_999),
        date: azureTime(event.at, prng.int(0, 9_999_999)),
        url: `${BASE_URL}_apis/git/repositories/${REPOSITORY_ID}/pushes/${prng.int(1000, 99_999)}`,
      },
      resourceVersion: '1.0',
      resourceContainers,
      createdDate: azureTime(event.at, prng.int(0, 9_999_999)),
    };
  } else {
    if (event.phase === 'started') return null; // Azure DevOps sends the completed event only
    const d = event.deployment;
    const stage = d.environment === 'production' ? 'Production' : 'Staging';
    const releaseId = 300 + d.number;
    const releaseLink = `${BASE_URL}${project}/_release?releaseId=${releaseId}&_a=release-summary`;
    const status = d.result === 'success' ? 'succeeded' : 'failed';
    const release = {
      id: releaseId,
      name: `Release-${releaseId}`,
      url: `https://vsrm.dev.azure.com/${ORGANIZATION}/${PROJECT_ID}/_apis/Release/releases/${releaseId}`,
      _links: { web: { href: releaseLink } },
    };
    payload = {
      subscriptionId: '6c2e4a8f-0b1d-4f3e-9a5c-7e9b1d3f5a7c',
      notificationId: prng.int(1, 99_999),
      id: prng.uuid(),
      eventType: 'ms.vss-release.deployment-completed-event',
      publisherId: 'rm',
      message: { text: `Deployment of release Release-${releaseId} on stage ${stage} ${status}.` },
      detailedMessage: null,
      resource: {
        environment: {
          id: 2000 + d.number,
          releaseId,
          name: stage,
          status: d.result === 'success' ? 'succeeded' : 'rejected',
          release,
          releaseDefinition: { id: 7, name: 'checkout-worker.CD' },
        },
        deployment: {
          id: 1000 + d.number,
          release: {
            ...release,
            artifacts: [
              {
                sourceId: `${PROJECT_ID}:42`,
                type: 'Build',
                alias: '_checkout-worker-ci',
                isPrimary: true,
                definitionReference: {
                  branch: { id: 'refs/heads/main', name: 'refs/heads/main' },
                  definition: { id: '42', name: 'checkout-worker-ci' },
                  project: { id: PROJECT_ID, name: project },
                  repository: { id: REPOSITORY_ID, name: repositoryName },
                  'repository.provider': { id: 'TfsGit', name: 'TfsGit' },
                  sourceVersion: { id: d.sha, name: d.sha },
                  version: { id: String(5000 + d.number), name: `2026.${d.number}` },
                },
              },
            ],
            webAccessUri: releaseLink,
          },
          releaseDefinition: { id: 7, name: 'checkout-worker.CD' },
          releaseEnvironment: { id: 2000 + d.number, name: stage },
          attempt: 1,
          reason: 'automated',
          deploymentStatus: status,
          operationStatus: d.result === 'success' ? 'Approved' : 'PhaseFailed',
          requestedBy: { displayName: 'Project Collection Build Service (acme)' },
          queuedOn: azureTime(d.startedAt - 20_000, prng.int(0, 9_999_999)),
          startedOn: azureTime(d.startedAt, prng.int(0, 9_999_999)),
          completedOn: azureTime(d.finishedAt, prng.int(0, 9_999_999)),
          lastModifiedOn: azureTime(d.finishedAt, prng.int(0, 9_999_999)),
          conditions: [],
          preDeployApprovals: [],
          postDeployApprovals: [],
        },
        project: { id: PROJECT_ID, name: project },
      },
      resourceVersion: '3.0-preview.1',
      resourceContainers,
      createdDate: azureTime(d.finishedAt + 3000, prng.int(0, 9_999_999)),
    };
  }
  return {
    body: JSON.stringify(payload),
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'VSServices/19.250.35808.3',
      'x-azure-token': secret,
    },
  };
}
