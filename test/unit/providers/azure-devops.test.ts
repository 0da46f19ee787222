import { describe, expect, it } from 'vitest';
import { azureDevops } from '../../../src/providers/azure-devops/index.js';
import { organizationFromUrl } from '../../../src/providers/azure-devops/organization-from-url.js';
import { OLD_SECRET, SECRET } from './support/credentials.js';
import { deliver, normalizedOf } from './support/deliver.js';
import { fixture } from './support/fixture.js';
import { deploymentOf, pushOf, reasonOf } from './support/normalized.js';

async function send(payload: unknown, extra: Record<string, string> = {}) {
  return deliver(azureDevops, {
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-azure-token': SECRET, ...extra },
    body: JSON.stringify(payload),
    secrets: [SECRET],
  });
}

/** The succeeded release fixture with `change` applied to `resource.deployment`. */
function releaseWith(change: Record<string, unknown>, environmentStatus?: string) {
  const payload = fixture('azure-devops', 'deployment-completed.succeeded');
  const resource = payload.resource as Record<string, Record<string, unknown>>;
  Object.assign(resource.deployment!, change);
  if (environmentStatus !== undefined) resource.environment!.status = environmentStatus;
  return payload;
}

describe('azure-devops: verify', () => {
  const body = JSON.stringify(fixture('azure-devops', 'git-push.newest-first'));
  const verify = (headers: Record<string, string>, secrets = [SECRET]) =>
    deliver(azureDevops, { headers: { 'content-type': 'application/json', ...headers }, body, secrets });

  it('ignores spaces around the X-Azure-Token value', async () => {
    expect((await verify({ 'x-azure-token': `  ${SECRET}  ` })).stage).toBe('normalized');
  });

  it('accepts the token in its grace period', async () => {
    const outcome = await verify({ 'x-azure-token': OLD_SECRET }, [SECRET, OLD_SECRET]);
    expect(outcome.stage === 'normalized' && outcome.secretIndex).toBe(1);
  });

  it('does not read basic authentication', async () => {
    const basic = `Basic ${Buffer.from(`user:${SECRET}`).toString('base64')}`;
    expect(await verify({ authorization: basic })).toEqual({ stage: 'verify', reason: 'missing-token' });
  });

  it('refuses a wrong token', async () => {
    expect(await verify({ 'x-azure-token': 'guess' })).toEqual({ stage: 'verify', reason: 'token-mismatch' });
  });
});

describe('azure-devops: parse, body limit, delivery key', () => {
  it('answers 400 missing_event for a body without eventType', async () => {
    const { eventType: _, ...payload } = fixture('azure-devops', 'git-push.newest-first');
    expect(await send(payload)).toMatchObject({ stage: 'parse', status: 400, code: 'missing_event' });
  });

  it('answers 415 for a body that is not JSON by its content type', async () => {
    expect(await send({}, { 'content-type': 'text/plain' })).toMatchObject({ stage: 'parse', status: 415 });
  });

  it('answers 400 for truncated JSON', async () => {
    const outcome = await deliver(azureDevops, {
      headers: { 'content-type': 'application/json', 'x-azure-token': SECRET },
      body: '{"eventType": "git.push", "resource": {',
      secrets: [SECRET],
    });
    expect(outcome).toMatchObject({ stage: 'parse', status: 400, code: 'invalid_body' });
  });

  it('gives every request the push body limit, and keys deliveries by the body id', async () => {
    expect(azureDevops.bodyLimitClass({})).toBe('push');
    const outcome = await send(fixture('azure-devops', 'git-push.docs-sample'));
    expect(outcome.stage === 'normalized' && outcome.deliveryKey).toBe('03c164c2-8912-4d5e-8009-3707d5f83734');
  });
});

describe('azure-devops: release deployment completed', () => {
  it.each([
    ['succeeded', 'success'],
    ['failed', 'failure'],
    ['partiallySucceeded', 'failure'],
    ['notDeployed', 'canceled'],
    ['Succeeded', 'success'],
    ['PARTIALLYSUCCEEDED', 'failure'],
    ['NotDeployed', 'canceled'],
  ])('maps deploymentStatus %s to %s, without regard to case', async (deploymentStatus, status) => {
    const deployment = deploymentOf(normalizedOf(await send(releaseWith({ deploymentStatus }))));
    expect(deployment.status).toMatchObject({ status, providerState: deploymentStatus });
  });

  it('reads inProgress, timed by startedOn', async () => {
    const deployment = deploymentOf(
      normalizedOf(await send(releaseWith({ deploymentStatus: 'inProgress', completedOn: null }))),
    );
    expect(deployment.status).toMatchObject({ status: 'in_progress', at: Date.parse('2025-03-03T14:01:47Z') });
  });

  it.each(['undefined', 'all', 'rejected', ''])('ignores deploymentStatus %j', async (deploymentStatus) => {
    expect(reasonOf(normalizedOf(await send(releaseWith({ deploymentStatus }))))).toContain('deploymentStatus');
  });

  it('never reads environment.status: rejected is a failure or a refused approval by deploymentStatus', async () => {
    const failed = deploymentOf(normalizedOf(await send(releaseWith({ deploymentStatus: 'failed' }, 'rejected'))));
    const refused = deploymentOf(
      normalizedOf(await send(releaseWith({ deploymentStatus: 'notDeployed' }, 'rejected'))),
    );
    expect([failed.status?.status, refused.status?.status]).toEqual(['failure', 'canceled']);
    const contradicting = deploymentOf(
      normalizedOf(await send(releaseWith({ deploymentStatus: 'succeeded' }, 'canceled'))),
    );
    expect(contradicting.status?.status).toBe('success');
  });

  it('keys a status by deploymentStatus and completedOn, and truncates 7 fraction digits', async () => {
    const deployment = deploymentOf(
      normalizedOf(await send(releaseWith({ completedOn: '2025-03-03T14:05:12.9999999Z' }))),
    );
    expect(deployment.status).toMatchObject({
      key: 'succeeded:2025-03-03T14:05:12.9999999Z',
      at: Date.parse('2025-03-03T14:05:12Z'),
    });
  });

  it.each([null, '0001-01-01T00:00:00', 'soon'])(
    'ignores a terminal status whose completedOn is %j',
    async (completedOn) => {
      expect(reasonOf(normalizedOf(await send(releaseWith({ completedOn }))))).toContain('completedOn');
    },
  );

  it('explains the Test button when resource.deployment is missing', async () => {
    const reason = reasonOf(normalizedOf(await send(fixture('azure-devops', 'deployment-completed.test-button'))));
    expect(reason).toMatch(/resource\.deployment.*Test button.*Resource details to send/);
  });

  it('accepts null messages (Messages to send: None)', async () => {
    const payload = {
      ...fixture('azure-devops', 'deployment-completed.succeeded'),
      message: null,
      detailedMessage: null,
    };
    expect(normalizedOf(await send(payload)).kind).toBe('deployment');
  });

  it('falls back to releaseEnvironment.name for the stage', async () => {
    const payload = fixture('azure-devops', 'deployment-completed.succeeded');
    delete (payload.resource as Record<string, unknown>).environment;
    expect(deploymentOf(normalizedOf(await send(payload))).environment).toBe('Production');
  });

  it('names the repository <organization>/<project>/<repository> of the primary Build artifact', async () => {
    const deployment = deploymentOf(
      normalizedOf(await send(fixture('azure-devops', 'deployment-completed.succeeded'))),
    );
    expect(deployment).toMatchObject({
      repository: 'fabrikam/Checkout/checkout-web',
      sha: '600c52d2d5b655caa111abfd863e5a9bd304bb0e',
      instance: 'c12d0eb8-e382-443b-9f9c-c52cba5014c2',
    });
  });

  it('matches the repository name of a git.push to the same repository', async () => {
    const release = deploymentOf(normalizedOf(await send(fixture('azure-devops', 'deployment-completed.succeeded'))));
    const push = pushOf(normalizedOf(await send(fixture('azure-devops', 'git-push.newest-first'))));
    expect(push.repository).toBe(release.repository);
  });

  it('reads a Git artifact: repository from definition, commit from version', async () => {
    const artifact = {
      type: 'Git',
      alias: '_checkout-web',
      isPrimary: true,
      definitionReference: {
        definition: { id: '278d5cd2-584d-4b63-824a-2ba458937249', name: 'checkout-web' },
        project: { id: 'be9b3917', name: 'Checkout' },
        branches: { id: 'refs/heads/main', name: 'main' },
        version: { id: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01', name: 'abcdef01' },
      },
    };
    const payload = releaseWith({});
    const release = (payload.resource as Record<string, Record<string, Record<string, unknown>>>).deployment!.release!;
    release.artifacts = [artifact];
    expect(deploymentOf(normalizedOf(await send(payload)))).toMatchObject({
      repository: 'fabrikam/Checkout/checkout-web',
      sha: 'abcdef0123456789abcdef0123456789abcdef01',
      ref: 'refs/heads/main',
    });
  });

  it('has no repository when the organization cannot be told', async () => {
    const payload = fixture('azure-devops', 'deployment-completed.succeeded');
    payload.resourceContainers = { collection: { id: 'c12d0eb8-e382-443b-9f9c-c52cba5014c2' } };
    const deployment = (payload.resource as Record<string, Record<string, Record<string, unknown>>>).deployment!;
    deployment.release = { ...deployment.release, _links: {}, webAccessUri: undefined, url: undefined };
    (payload.resource as Record<string, Record<string, unknown>>).environment!.release = {};
    expect(deploymentOf(normalizedOf(await send(payload))).repository).toBeNull();
  });

  it('ignores an event without the collection id', async () => {
    const payload = { ...fixture('azure-devops', 'deployment-completed.succeeded'), resourceContainers: {} };
    expect(reasonOf(normalizedOf(await send(payload)))).toContain('resourceContainers.collection.id');
  });
});

describe('azure-devops: git.push', () => {
  it('reverses the newest-first commit list, timed by committer.date', async () => {
    const push = pushOf(normalizedOf(await send(fixture('azure-devops', 'git-push.newest-first'))));
    expect(push.commits.map((c) => c.sha.slice(0, 2))).toEqual(['a1', 'b2', 'c3']);
  });

  it('times a commit by its committer, not its author', async () => {
    const payload = fixture('azure-devops', 'git-push.docs-sample');
    const commit = (
      (payload.resource as Record<string, unknown>).commits as Record<string, Record<string, unknown>>[]
    )[0]!;
    commit.author!.date = '2010-01-01T00:00:00Z';
    expect(pushOf(normalizedOf(await send(payload))).commits[0]?.timestamp).toBe(Date.parse('2015-02-25T19:01:00Z'));
  });

  it('makes one push per ref update', async () => {
    const normalized = normalizedOf(await send(fixture('azure-devops', 'git-push.several-refs')));
    if (normalized.kind !== 'pushes') throw new Error(`expected pushes, got ${normalized.kind}`);
    expect(normalized.pushes.map((p) => [p.ref, p.commits.length])).toEqual([
      ['refs/heads/release/2025-03', 0],
      ['refs/heads/main', 2],
      ['refs/tags/v1.4.2', 0],
    ]);
  });

  it('reads a branch deletion', async () => {
    const payload = fixture('azure-devops', 'git-push.docs-sample');
    const resource = payload.resource as Record<string, unknown>;
    resource.commits = [];
    resource.refUpdates = [
      { name: 'refs/heads/old', oldObjectId: 'aad331d8d3b131fa9ae03cf5e53965b51942618a', newObjectId: '0'.repeat(40) },
    ];
    expect(pushOf(normalizedOf(await send(payload)))).toMatchObject({ deleted: true, commits: [] });
  });

  it.each([
    ['resource.refUpdates', (r: Record<string, unknown>) => delete r.refUpdates],
    [
      'resource.refUpdates[0]',
      (r: Record<string, unknown>) => Object.assign(r, { refUpdates: [{ name: 'refs/heads/x' }] }),
    ],
    ['resource.repository.name', (r: Record<string, unknown>) => delete r.repository],
    [
      'resource.commits[0].committer.date',
      (r: Record<string, unknown>) => {
        ((r.commits as Record<string, unknown>[])[0]!.committer as Record<string, unknown>).date = '25/02/2015';
      },
    ],
  ])('ignores a push whose %s is malformed, naming it', async (field, mutate) => {
    const payload = fixture('azure-devops', 'git-push.docs-sample');
    mutate(payload.resource as Record<string, unknown>);
    expect(reasonOf(normalizedOf(await send(payload)))).toContain(field);
  });
});

describe('azure-devops: other events', () => {
  it.each([
    'ms.vss-pipelines.run-state-changed-event',
    'ms.vss-pipelines.stage-state-changed-event',
    'ms.vss-pipelines.job-state-changed-event',
    'ms.vss-pipelinechecks-events.approval-pending',
    'ms.vss-pipelinechecks-events.approval-completed',
    'build.complete',
  ])('points %s to the generic webhook', async (eventType) => {
    expect(reasonOf(normalizedOf(await send({ id: 'x', eventType })))).toContain('generic webhook');
  });

  it.each(['ms.vss-release.deployment-started-event', 'workitem.updated'])('ignores %s', async (eventType) => {
    expect(reasonOf(normalizedOf(await send({ id: 'x', eventType })))).toMatch(
      /Release deployment completed.*Code pushed.*Pull request updated/,
    );
  });
});

describe('organizationFromUrl', () => {
  it.each([
    ['https://dev.azure.com/fabrikam/', 'fabrikam'],
    ['https://vsrm.dev.azure.com/Fabrikam/be9b/_apis/Release/releases/1', 'fabrikam'],
    ['https://fabrikam@dev.azure.com/fabrikam/Checkout/_git/checkout-web', 'fabrikam'],
    ['https://fabrikam.visualstudio.com/DefaultCollection/', 'fabrikam'],
    ['http://fabfiber.vsrm.visualstudio.com/DefaultCollection/x', 'fabfiber'],
    ['https://tfs.example.com/tfs/DefaultCollection/', 'defaultcollection'],
    ['https://ado.example.com/Main%20Collection/Checkout/_git/web', 'main collection'],
  ])('reads %s as %s', (url, organization) => {
    expect(organizationFromUrl(url)).toBe(organization);
  });

  it.each([undefined, '', 'not a url', 'ftp://dev.azure.com/x', 'https://dev.azure.com/'])(
    'tells nothing from %j',
    (url) => {
      expect(organizationFromUrl(url)).toBeUndefined();
    },
  );
});

describe('azure-devops: hostile values', () => {
  it('reads an artifact whose type is an object that cannot become a string without throwing', async () => {
    const payload = releaseWith({});
    const release = (payload.resource as Record<string, Record<string, Record<string, unknown>>>).deployment!.release!;
    release.artifacts = [{ type: { toString: 1, valueOf: 1 }, isPrimary: true }];
    expect(deploymentOf(normalizedOf(await send(payload))).repository).toBeNull();
  });
});
