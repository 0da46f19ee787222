import { createRequire } from 'node:module';
import { sign } from '@octokit/webhooks-methods';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProviderId } from '../../../src/domain/index.js';
import { providers } from '../../../src/providers/registry.js';
import { deliver, type Outcome } from './support/deliver.js';
import { expectAllowedShape } from './support/expect-allowed-shape.js';
import { goldenCases } from './support/golden.js';
import { mutate, mutations } from './support/mutate.js';

const VERIFY_REASONS = ['missing-signature', 'signature-mismatch', 'no-secret', 'missing-token', 'token-mismatch'];

function expectAllowedOutcome(outcome: Outcome): void {
  switch (outcome.stage) {
    case 'verify':
      expect(VERIFY_REASONS).toContain(outcome.reason);
      return;
    case 'parse':
      expect([
        [400, 'invalid_body'],
        [400, 'missing_event'],
        [415, 'unsupported_content_type'],
      ]).toContainEqual([outcome.status, outcome.code]);
      expect(outcome.message.length).toBeGreaterThan(0);
      return;
    case 'normalized':
      expect(['push', 'default']).toContain(outcome.bodyLimit);
      expect(outcome.deliveryKey === null || typeof outcome.deliveryKey === 'string').toBe(true);
      expectAllowedShape(outcome.normalized);
  }
}

const EVENT_NAMES: Record<ProviderId, readonly string[]> = {
  github: ['deployment_status', 'deployment', 'push', 'ping', 'workflow_run', ''],
  gitlab: ['Deployment Hook', 'Push Hook', 'Tag Push Hook', 'Pipeline Hook', ''],
  'azure-devops': [],
  generic: [],
  pagerduty: [],
  'incident-io': [],
};

const EVENT_HEADER: Record<ProviderId, string | undefined> = {
  github: 'x-github-event',
  gitlab: 'x-gitlab-event',
  'azure-devops': undefined,
  generic: undefined,
  pagerduty: undefined,
  'incident-io': undefined,
};

const SECRETS = fc.array(fc.oneof(fc.constant('s3cret-current'), fc.constant(''), fc.string()), { maxLength: 3 });

const CONTENT_TYPES = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'application/x-www-form-urlencoded',
    'text/plain',
    '',
  ),
  fc.string(),
);

/** Headers a request might carry: the credential header right, wrong or absent, any event name, any content type. */
async function credentialFor(
  provider: ProviderId,
  body: string,
  secret: string | undefined,
): Promise<Record<string, string>> {
  if (secret === undefined) return {};
  if (provider === 'gitlab') return { 'x-gitlab-token': secret };
  if (provider === 'azure-devops') return { 'x-azure-token': ` ${secret} ` };
  if (body === '' || secret === '') return {};
  const header = provider === 'github' ? 'x-hub-signature-256' : 'x-shipwatch-signature-256';
  return { [header]: await sign(secret, body) };
}

const PROVIDERS = ['github', 'gitlab', 'azure-devops', 'generic'] as const;

describe.each(PROVIDERS)('%s: properties', (provider) => {
  const eventName = fc.oneof(fc.constantFrom(...EVENT_NAMES[provider], 'x'), fc.string());
  const randomHeaders = fc.dictionary(
    fc.constantFrom(
      'x-gitlab-instance',
      'idempotency-key',
      'x-gitlab-event-uuid',
      'x-github-delivery',
      'x-shipwatch-delivery',
      'x-github-enterprise-host',
    ),
    fc.string(),
  );

  it('never throws on random bodies and headers, and answers one of the allowed shapes', async () => {
    const body = fc.oneof(
      fc.string(),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.uint8Array().map((bytes) => Buffer.from(bytes).toString('latin1')),
    );
    await fc.assert(
      fc.asyncProperty(
        body,
        eventName,
        CONTENT_TYPES,
        randomHeaders,
        SECRETS,
        fc.option(fc.string()),
        fc.boolean(),
        async (text, event, contentType, extra, secrets, credential, useSecret) => {
          const secret = useSecret ? secrets[0] : (credential ?? undefined);
          const eventHeader = EVENT_HEADER[provider];
          const outcome = await deliver(providers[provider], {
            headers: {
              ...extra,
              'content-type': contentType,
              ...(eventHeader === undefined ? {} : { [eventHeader]: event }),
              ...(await credentialFor(provider, text, secret)),
            },
            body: text,
            secrets,
          });
          expectAllowedOutcome(outcome);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never throws on mutated real payloads, and answers one of the allowed shapes', async () => {
    const documents = [
      ...goldenCases(provider).map(({ name, body }) => ({ name, payload: JSON.parse(body) as unknown })),
      ...(provider === 'github' ? githubExamples() : []),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...documents),
        mutations,
        randomHeaders,
        async ({ name, payload }, changes, extra) => {
          const body = JSON.stringify(mutate(payload, changes)) ?? 'null';
          const eventHeader = EVENT_HEADER[provider];
          const event = provider === 'gitlab' ? gitlabEvent(name) : name.split('.')[0];
          const outcome = await deliver(providers[provider], {
            headers: {
              ...extra,
              'content-type': 'application/json',
              ...(eventHeader === undefined ? {} : { [eventHeader]: event ?? '' }),
              ...(await credentialFor(provider, body, 's3cret-current')),
            },
            body,
            secrets: ['s3cret-current'],
          });
          expectAllowedOutcome(outcome);
          // A signed body that is a JSON object is never refused, whatever its fields hold.
          if (body.startsWith('{') && (provider !== 'azure-devops' || body.includes('"eventType":"'))) {
            expect(
              outcome.stage === 'normalized' || (outcome.stage === 'parse' && outcome.code === 'missing_event'),
            ).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

function gitlabEvent(name: string): string {
  if (name.startsWith('tag-push')) return 'Tag Push Hook';
  return name.startsWith('push') ? 'Push Hook' : 'Deployment Hook';
}

function githubExamples(): { name: string; payload: unknown }[] {
  const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as readonly {
    readonly name: string;
    readonly examples: readonly unknown[];
  }[];
  return examples
    .filter(({ name }) => ['deployment_status', 'deployment', 'push', 'ping'].includes(name))
    .flatMap(({ name, examples: payloads }) => payloads.map((payload) => ({ name, payload })));
}
