import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/create-db.js';
import { createRequestReceiver } from '../ingest/receive-request.js';
import type { Actor } from '../manage/audit.js';
import { createProject, type ProjectView } from '../manage/projects.js';
import { createWebhook } from '../manage/webhooks.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { azureDevopsDemoRequest } from './azure-devops-demo-requests.js';
import { type DemoEvent, demoHistory } from './demo-history.js';
import type { DemoRequest } from './demo-request.js';
import { githubDemoRequest } from './github-demo-requests.js';
import { gitlabDemoRequest } from './gitlab-demo-requests.js';
import { createPrng, type Prng } from './prng.js';

export const DEMO_PROJECT_NAME = 'Demo: acme/checkout';
export const DEMO_TIME_ZONE = 'Europe/Berlin';

export interface DemoDeps {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly secretBox: SecretBox;
}

export interface DemoSummary {
  readonly project: ProjectView;
  readonly webhooks: Record<'github' | 'gitlab' | 'azure-devops', string>;
  readonly deliveries: { accepted: number; duplicate: number; ignored: number; rejected: number };
  /** The first deliveries that were not accepted, with why (a demo expects none). */
  readonly problems: string[];
  readonly deployments: number;
  readonly pushes: number;
  readonly elapsedMs: number;
}

type Build = (event: DemoEvent, secret: string, prng: Prng) => DemoRequest | null;
const BUILDERS: Record<'github' | 'gitlab' | 'azure-devops', Build> = {
  github: githubDemoRequest,
  gitlab: gitlabDemoRequest,
  'azure-devops': azureDevopsDemoRequest,
};

/**
 * Creates the demo project, "Demo: acme/checkout" (marked demo), with one GitHub, one GitLab and one Azure DevOps
 * webhook, and feeds it six months of history (`demoHistory`) through the real receivers: each event becomes the
 * provider's signed delivery, handed to the receiver use case (`src/ingest/receive-request.ts`, the one
 * `POST /hooks/<id>` runs), so the demo takes the path real data takes, verification included. Each delivery is
 * received at its own time (the receiver's clock follows the history), so the delivery log reads like a real one.
 * Deleting the project deletes it all.
 */
export async function createDemo(
  deps: DemoDeps,
  options: { seed: number; now: number; actor: Actor; days?: number },
): Promise<DemoSummary> {
  const started = performance.now();
  const project = await createProject(deps.database.db, {
    name: DEMO_PROJECT_NAME,
    timeZone: DEMO_TIME_ZONE,
    demo: true,
    actor: options.actor,
    now: options.now,
  });
  const context = { db: deps.database.db, secretBox: deps.secretBox, publicUrl: deps.config.publicUrl };
  const hooks = {} as Record<'github' | 'gitlab' | 'azure-devops', { id: string; secret: string }>;
  for (const provider of ['github', 'gitlab', 'azure-devops'] as const) {
    const made = await createWebhook(context, {
      projectId: project.id,
      provider,
      name: `Demo ${provider} webhook`,
      actor: options.actor,
      now: options.now,
    });
    hooks[provider] = { id: made.id, secret: made.secret };
  }

  let clock = options.now;
  const receiver = createRequestReceiver({ ...deps, now: () => clock });
  const deliveries = { accepted: 0, duplicate: 0, ignored: 0, rejected: 0 };
  const problems: string[] = [];
  let deployments = 0;
  let pushes = 0;
  const prng = createPrng(options.seed ^ 0x5bd1e995);
  const history = demoHistory({
    seed: options.seed,
    now: options.now,
    ...(options.days === undefined ? {} : { days: options.days }),
  });
  for (const event of history) {
    const provider = event.repository.provider;
    const hook = hooks[provider];
    const request = BUILDERS[provider](event, hook.secret, prng);
    if (request === null) continue;
    clock = event.at + 1000 + prng.int(0, 4000);
    const answer = await receiver.receive({
      webhookId: hook.id,
      headers: request.headers,
      body: Buffer.from(request.body, 'utf8'),
      clientAddress: 'shipwatch demo',
    });
    const outcome = answer.ok ? answer.delivery.outcome : 'rejected';
    deliveries[outcome] += 1;
    if (outcome !== 'accepted' && problems.length < 5) {
      const why = answer.ok ? (answer.delivery.reason ?? answer.status) : answer.error.message;
      problems.push(`${provider} ${event.kind}: ${outcome} ${why}`);
    }
    if (event.kind === 'push') pushes += 1;
    else if (event.phase === 'finished') deployments += 1;
  }
  return {
    project,
    webhooks: { github: hooks.github.id, gitlab: hooks.gitlab.id, 'azure-devops': hooks['azure-devops'].id },
    deliveries,
    problems,
    deployments,
    pushes,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** `serve --demo`: the demo, only when the database holds no project yet. Null when it had some. */
export async function createDemoIfEmpty(
  deps: DemoDeps,
  options: { seed: number; now: number; actor: Actor; days?: number },
): Promise<DemoSummary | null> {
  const any = await deps.database.db.selectFrom('projects').select('id').limit(1).executeTakeFirst();
  if (any !== undefined) return null;
  return createDemo(deps, options);
}
