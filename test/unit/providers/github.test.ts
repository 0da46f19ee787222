import { createRequire } from 'node:module';
import { sign } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../../src/domain/index.js';
import { github } from '../../../src/providers/github/index.js';
import { OLD_SECRET, SECRET } from './support/credentials.js';
import { deliver, normalizedOf } from './support/deliver.js';
import { expectAllowedShape } from './support/expect-allowed-shape.js';
import { deploymentOf, pushOf } from './support/normalized.js';

/** @octokit/webhooks-examples: its index JSON, one entry per event with every example payload. */
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as readonly {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}[];

/** The events Shipwatch uses, and the kind each normalizes to; every other event is ignored. */
const USED: Record<string, NormalizedEvent['kind']> = {
  deployment_status: 'deployment',
  deployment: 'deployment',
  push: 'push',
  pull_request: 'pull_request',
  ping: 'ping',
};
/** Issues are incidents, or ignored when they are none (no incident label or type: most examples). */
const INCIDENT_EVENTS = new Set(['issues']);

async function sendJson(event: string, payload: unknown, extra: Record<string, string> = {}) {
  const body = JSON.stringify(payload);
  return deliver(github, {
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      'x-hub-signature-256': await sign(SECRET, body),
      ...extra,
    },
    body,
    secrets: [SECRET],
  });
}

function example(name: string, index = 0): Record<string, unknown> {
  const found = examples.find((definition) => definition.name === name)?.examples[index];
  if (found === undefined) throw new Error(`no example ${name}[${index}]`);
  return structuredClone(found);
}

describe('github: every @octokit/webhooks-examples payload', () => {
  // Every example of every event: the four Shipwatch uses, and all the others it must ignore.
  const cases = examples.flatMap((definition) =>
    definition.examples.map((payload, index) => ({ name: definition.name, index, payload })),
  );

  it('covers every example of the events Shipwatch uses', () => {
    for (const name of Object.keys(USED)) expect(cases.filter((c) => c.name === name).length).toBeGreaterThan(0);
  });

  it.each(cases)(
    '$name #$index is verified, parsed and accepted or ignored, never refused',
    async ({ name, payload }) => {
      const outcome = await sendJson(name, payload);
      const normalized = normalizedOf(outcome);
      expectAllowedShape(normalized);
      if (outcome.stage === 'normalized') expect(outcome.deliveryKey).toBe('72d3162e-cc78-11e3-81ab-4c9367dc0958');
      if (INCIDENT_EVENTS.has(name)) expect(['incident', 'ignored']).toContain(normalized.kind);
      else expect(normalized.kind).toBe(USED[name] ?? 'ignored');
    },
  );
});

describe('github: verify', () => {
  const body = JSON.stringify(example('ping'));

  it('accepts the previous secret during its grace period', async () => {
    const outcome = await deliver(github, {
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-hub-signature-256': await sign(OLD_SECRET, body),
      },
      body,
      secrets: [SECRET, OLD_SECRET],
    });
    expect(outcome.stage === 'normalized' && outcome.secretIndex).toBe(1);
  });

  async function verifyWith(headers: Record<string, string>) {
    return deliver(github, {
      headers: { 'content-type': 'application/json', 'x-github-event': 'ping', ...headers },
      body,
      secrets: [SECRET],
    });
  }

  it('refuses a request without X-Hub-Signature-256, even with the legacy SHA-1 header', async () => {
    expect(await verifyWith({})).toEqual({ stage: 'verify', reason: 'missing-signature' });
    expect(await verifyWith({ 'x-hub-signature': 'sha1=0a4d55a8d778e5022fab701977c5d840bbc486d0' })).toEqual({
      stage: 'verify',
      reason: 'missing-signature',
    });
  });

  it('refuses a signature made with another secret, or malformed', async () => {
    for (const signature of [await sign('not the secret', body), 'sha256=zz', 'sha256=', 'nonsense']) {
      expect(await verifyWith({ 'x-hub-signature-256': signature })).toEqual({
        stage: 'verify',
        reason: 'signature-mismatch',
      });
    }
  });

  it('refuses a body changed after signing', async () => {
    const outcome = await deliver(github, {
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-hub-signature-256': await sign(SECRET, body),
      },
      body: `${body} `,
      secrets: [SECRET],
    });
    expect(outcome).toEqual({ stage: 'verify', reason: 'signature-mismatch' });
  });
});

describe('github: parse', () => {
  async function sendRaw(body: string, headers: Record<string, string>) {
    return deliver(github, {
      headers: { 'x-github-event': 'ping', 'x-hub-signature-256': await sign(SECRET, body), ...headers },
      body,
      secrets: [SECRET],
    });
  }

  it('reads a form-encoded delivery, signed over the form bytes', async () => {
    const payload = example('deployment_status');
    const body = `payload=${encodeURIComponent(JSON.stringify(payload)).replace(/%20/g, '+')}`;
    const outcome = await sendRaw(body, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-github-event': 'deployment_status',
    });
    expect(deploymentOf(normalizedOf(outcome)).status?.status).toBe('success');
  });

  it('reads spaces written as + in a form payload', async () => {
    const payload = { ...example('ping'), zen: 'Design for failure.' };
    const body = `payload=${encodeURIComponent(JSON.stringify(payload)).replace(/%20/g, '+')}`;
    const outcome = await sendRaw(body, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(normalizedOf(outcome).kind).toBe('ping');
  });

  it.each(['application/json; charset=utf-8', 'Application/JSON', 'application/json;charset="UTF-8"'])(
    'takes %s as JSON',
    async (contentType) => {
      expect((await sendRaw(JSON.stringify(example('ping')), { 'content-type': contentType })).stage).toBe(
        'normalized',
      );
    },
  );

  it.each([
    ['text/plain', 'text/plain'],
    ['no content type', undefined],
    ['multipart/form-data', 'multipart/form-data; boundary=x'],
  ])('answers 415 for %s, naming what is accepted', async (_label, contentType) => {
    const outcome = await sendRaw('{}', contentType === undefined ? {} : { 'content-type': contentType });
    expect(outcome).toMatchObject({ stage: 'parse', status: 415, code: 'unsupported_content_type' });
    expect(outcome.stage === 'parse' && outcome.message).toContain(
      'application/json or application/x-www-form-urlencoded',
    );
  });

  it.each([
    ['truncated JSON', '{"zen": "Anything added dil', 'Body is not valid JSON'],
    ['a JSON array', '[1,2]', 'Body must be a JSON object'],
    ['JSON null', 'null', 'Body must be a JSON object'],
    ['a JSON string', '"ping"', 'Body must be a JSON object'],
  ])('answers 400 for %s', async (_label, body, message) => {
    const outcome = await sendRaw(body, { 'content-type': 'application/json' });
    expect(outcome).toMatchObject({ stage: 'parse', status: 400, code: 'invalid_body' });
    expect(outcome.stage === 'parse' && outcome.message).toContain(message);
  });

  it.each([
    ['no payload field', 'zen=x', 'no payload field'],
    ['a payload that is not JSON', 'payload=%7B%22zen', 'The payload field is not valid JSON'],
    ['a payload that is an array', 'payload=%5B%5D', 'The payload field must be a JSON object'],
  ])('answers 400 for a form with %s', async (_label, body, message) => {
    const outcome = await sendRaw(body, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(outcome).toMatchObject({ stage: 'parse', status: 400, code: 'invalid_body' });
    expect(outcome.stage === 'parse' && outcome.message).toContain(message);
  });

  it('answers 400 missing_event without X-GitHub-Event', async () => {
    const body = JSON.stringify(example('ping'));
    const outcome = await deliver(github, {
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': await sign(SECRET, body) },
      body,
      secrets: [SECRET],
    });
    expect(outcome).toMatchObject({ stage: 'parse', status: 400, code: 'missing_event' });
  });
});

describe('github: body limit and delivery key', () => {
  it('gives push events the push limit, others the default', () => {
    expect(github.bodyLimitClass({ 'x-github-event': 'push' })).toBe('push');
    expect(github.bodyLimitClass({ 'x-github-event': 'deployment_status' })).toBe('default');
    expect(github.bodyLimitClass({})).toBe('default');
  });

  it('has no delivery key without X-GitHub-Delivery', () => {
    expect(github.deliveryKey({ headers: {}, rawBody: Buffer.from('{}') }, {})).toBeNull();
  });
});

describe('github: deployment_status', () => {
  it.each([
    ['success', 'success'],
    ['failure', 'failure'],
    ['error', 'failure'],
    ['in_progress', 'in_progress'],
    ['queued', 'pending'],
    ['waiting', 'pending'],
    ['pending', 'pending'],
  ])('maps state %s to %s', async (state, status) => {
    const payload = example('deployment_status');
    (payload.deployment_status as Record<string, unknown>).state = state;
    const deployment = deploymentOf(normalizedOf(await sendJson('deployment_status', payload)));
    expect(deployment.status).toMatchObject({ status, providerState: state });
  });

  it.each(['inactive', 'destroyed', ''])('ignores state %j with a reason', async (state) => {
    const payload = example('deployment_status');
    (payload.deployment_status as Record<string, unknown>).state = state;
    const normalized = normalizedOf(await sendJson('deployment_status', payload));
    expect(normalized).toMatchObject({ kind: 'ignored' });
    expect(normalized.kind === 'ignored' && normalized.reason).toContain('deployment_status.state');
  });

  it('keys a status by deployment_status.id, the same through two webhooks (repository and organization)', async () => {
    const payload = example('deployment_status');
    const first = deploymentOf(
      normalizedOf(await sendJson('deployment_status', payload, { 'x-github-delivery': 'a' })),
    );
    const second = deploymentOf(
      normalizedOf(await sendJson('deployment_status', payload, { 'x-github-delivery': 'b' })),
    );
    expect(first.status?.key).toBe('209916254');
    expect(second.status?.key).toBe(first.status?.key);
    expect(second.providerDeploymentId).toBe('145988746');
  });

  it('reads production_environment when it is a boolean, else says nothing', async () => {
    const withFlag = example('deployment_status', 1);
    expect(deploymentOf(normalizedOf(await sendJson('deployment_status', withFlag))).productionHint).toBe(false);
    const withoutFlag = example('deployment_status', 0);
    expect(deploymentOf(normalizedOf(await sendJson('deployment_status', withoutFlag))).productionHint).toBeNull();
  });

  it('takes log_url, else target_url, and reads "" as no URL', async () => {
    const payload = example('deployment_status');
    const status = payload.deployment_status as Record<string, unknown>;
    Object.assign(status, { log_url: '', target_url: 'https://ci.example.com/run/1', environment_url: '' });
    expect(deploymentOf(normalizedOf(await sendJson('deployment_status', payload))).url).toBe(
      'https://ci.example.com/run/1',
    );
    Object.assign(status, { target_url: '' });
    expect(deploymentOf(normalizedOf(await sendJson('deployment_status', payload))).url).toBeNull();
  });

  it('accepts a deployment payload written as a string', async () => {
    const payload = example('deployment_status');
    (payload.deployment as Record<string, unknown>).payload = '{"region":"eu"}';
    expect(normalizedOf(await sendJson('deployment_status', payload)).kind).toBe('deployment');
  });

  it('takes the instance from a GitHub Enterprise Server repository URL', async () => {
    const payload = example('deployment_status');
    payload.repository = {
      ...(payload.repository as object),
      html_url: 'https://ghe.example.com/acme/checkout',
      url: 'https://ghe.example.com/api/v3/repos/acme/checkout',
    };
    const deployment = deploymentOf(normalizedOf(await sendJson('deployment_status', payload)));
    expect(deployment.instance).toBe('ghe.example.com');
    expect(deployment.commitUrl).toBe(
      'https://ghe.example.com/acme/checkout/commit/f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
    );
  });

  it('falls back to the API URL host (api.github.com is github.com), then to github.com', async () => {
    const payload = example('deployment_status');
    payload.repository = { full_name: 'acme/checkout', url: 'https://api.github.com/repos/acme/checkout' };
    expect(deploymentOf(normalizedOf(await sendJson('deployment_status', payload))).instance).toBe('github.com');
    payload.repository = { full_name: 'acme/checkout' };
    const deployment = deploymentOf(normalizedOf(await sendJson('deployment_status', payload)));
    expect(deployment.instance).toBe('github.com');
    expect(deployment.commitUrl).toBe(
      'https://github.com/acme/checkout/commit/f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
    );
  });

  it('truncates created_at to the second', async () => {
    const payload = example('deployment_status');
    (payload.deployment_status as Record<string, unknown>).created_at = '2019-05-15T15:20:55.987Z';
    expect(deploymentOf(normalizedOf(await sendJson('deployment_status', payload))).status?.at).toBe(
      Date.parse('2019-05-15T15:20:55Z'),
    );
  });

  it.each([
    ['deployment_status', (p: Record<string, unknown>) => delete p.deployment_status],
    [
      'deployment_status.id',
      (p: Record<string, unknown>) => delete (p.deployment_status as Record<string, unknown>).id,
    ],
    [
      'deployment_status.created_at',
      (p: Record<string, unknown>) =>
        Object.assign(p.deployment_status as object, { created_at: '2019-05-15 15:20:55' }),
    ],
    ['deployment.id', (p: Record<string, unknown>) => delete (p.deployment as Record<string, unknown>).id],
    ['deployment', (p: Record<string, unknown>) => Object.assign(p, { deployment: 'x' })],
    ['repository.full_name', (p: Record<string, unknown>) => delete p.repository],
    [
      'deployment.environment',
      (p: Record<string, unknown>) => {
        delete (p.deployment as Record<string, unknown>).environment;
        delete (p.deployment_status as Record<string, unknown>).environment;
      },
    ],
  ])('ignores a status whose %s is missing or malformed, naming it', async (field, mutate) => {
    const payload = example('deployment_status');
    mutate(payload);
    const normalized = normalizedOf(await sendJson('deployment_status', payload));
    expect(normalized.kind).toBe('ignored');
    expect(normalized.kind === 'ignored' && normalized.reason).toContain(field);
  });

  it('falls back to deployment_status.environment', async () => {
    const payload = example('deployment_status');
    delete (payload.deployment as Record<string, unknown>).environment;
    expect(deploymentOf(normalizedOf(await sendJson('deployment_status', payload))).environment).toBe('production');
  });

  it('keeps a deployment whose sha is not a full commit id, with sha null', async () => {
    const payload = example('deployment_status');
    (payload.deployment as Record<string, unknown>).sha = 'f95f852';
    const deployment = deploymentOf(normalizedOf(await sendJson('deployment_status', payload)));
    expect(deployment.sha).toBeNull();
    expect(deployment.commitUrl).toBeNull();
  });
});

describe('github: deployment', () => {
  it('creates the deployment without a status', async () => {
    const deployment = deploymentOf(normalizedOf(await sendJson('deployment', example('deployment'))));
    expect(deployment).toMatchObject({ providerDeploymentId: '145988746', environment: 'production', status: null });
  });
});

describe('github: push', () => {
  it('reads commit timestamps with their own offsets', async () => {
    const payload = example('push', 4);
    (payload.commits as Record<string, unknown>[])[0]!.timestamp = '2015-05-05T19:40:15-04:00';
    expect(pushOf(normalizedOf(await sendJson('push', payload))).commits[0]?.timestamp).toBe(
      Date.parse('2015-05-05T23:40:15Z'),
    );
  });

  it('reads a branch deletion and a tag push as pushes, deleted when after is all zeros', async () => {
    const deletion = pushOf(normalizedOf(await sendJson('push', example('push', 1))));
    expect(deletion).toMatchObject({ ref: 'refs/tags/simple-tag', deleted: true, commits: [], totalCommits: 0 });
    const zeroAfter = example('push', 1);
    zeroAfter.deleted = false;
    expect(pushOf(normalizedOf(await sendJson('push', zeroAfter))).deleted).toBe(true);
  });

  it('reads forced: true', async () => {
    const payload = example('push', 4);
    payload.forced = true;
    expect(pushOf(normalizedOf(await sendJson('push', payload))).forced).toBe(true);
  });

  it('counts the listed commits as the total (GitHub gives no total)', async () => {
    const payload = example('push', 4);
    const commits = payload.commits as Record<string, unknown>[];
    const template = commits[0]!;
    payload.commits = Array.from({ length: 5 }, (_, i) => ({ ...template, id: String(i).repeat(40) }));
    payload.after = '4'.repeat(40);
    expect(pushOf(normalizedOf(await sendJson('push', payload))).totalCommits).toBe(5);
  });

  it.each([
    [
      'commits[0].timestamp',
      (p: Record<string, unknown>) => Object.assign((p.commits as object[])[0]!, { timestamp: 'Tue May 5 2015' }),
    ],
    ['commits[0].id', (p: Record<string, unknown>) => Object.assign((p.commits as object[])[0]!, { id: 'abc' })],
    ['commits must be an array', (p: Record<string, unknown>) => delete p.commits],
    ['after', (p: Record<string, unknown>) => Object.assign(p, { after: null })],
    ['repository.full_name', (p: Record<string, unknown>) => Object.assign(p, { repository: {} })],
  ])('ignores a push whose %s is malformed, naming it', async (field, mutate) => {
    const payload = example('push', 4);
    mutate(payload);
    const normalized = normalizedOf(await sendJson('push', payload));
    expect(normalized.kind === 'ignored' && normalized.reason).toContain(field);
  });
});

describe('github: ping and other events', () => {
  it('says nothing is missing when the hook sends every event', async () => {
    const normalized = normalizedOf(await sendJson('ping', example('ping')));
    expect(normalized).toEqual({
      kind: 'ping',
      ping: { reason: 'ping: webhook verified; it sends deployment_status, push and pull_request events' },
    });
  });

  it('names every needed event the hook does not send', async () => {
    const normalized = normalizedOf(await sendJson('ping', example('ping', 3)));
    expect(normalized.kind === 'ping' && normalized.ping.reason).toMatch(
      /^ping: webhook verified; it does not send deployment_status .*, push .* and pull_request .*"Deployment statuses", "Pushes" and "Pull requests"$/,
    );
  });

  it('says so when the ping has no hook.events', async () => {
    const payload = example('ping');
    delete payload.hook;
    const normalized = normalizedOf(await sendJson('ping', payload));
    expect(normalized.kind === 'ping' && normalized.ping.reason).toMatch(/^ping: webhook verified; hook\.events/);
  });

  it('ignores other events, naming the events to select', async () => {
    const normalized = normalizedOf(await sendJson('workflow_run', example('workflow_run')));
    expect(normalized.kind === 'ignored' && normalized.reason).toMatch(
      /"workflow_run" is not used by Shipwatch.*Deployment statuses/,
    );
  });
});
