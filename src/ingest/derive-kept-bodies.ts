import type { Kysely } from 'kysely';
import type { Database, DeliveriesTable } from '../db/schema.js';
import type { DeploymentEvent, IncidentEvent, PullRequestEvent, PushEvent } from '../domain/index.js';
import type { Headers, Provider } from '../providers/provider.js';
import { pushKeyOf } from './apply-push.js';
import { boundEvent } from './bound-fields.js';
import { withoutNul } from './without-nul.js';

/** The events of one record, as the kept bodies that carry it give them, in the order they arrived. */
export interface RecordEvents<E> {
  readonly events: E[];
  readonly deliveryIds: string[];
}

/** What the current parser derives from a webhook's kept raw bodies, grouped by the record each event is about. */
export interface DerivedDeliveries {
  readonly deployments: Map<string, RecordEvents<DeploymentEvent>>;
  readonly pushes: Map<string, RecordEvents<PushEvent>>;
  readonly pullRequests: Map<string, RecordEvents<PullRequestEvent>>;
  readonly incidents: Map<string, RecordEvents<IncidentEvent>>;
  /**
   * The deliveries read again, with what their record says (its outcome, the deployment it links to) and whether the
   * current parser ignores them.
   */
  readonly deliveries: {
    id: string;
    outcome: DeliveriesTable['outcome'];
    deploymentId: string | null;
    ignoredReason: string | null;
  }[];
}

function add<E>(map: Map<string, RecordEvents<E>>, key: string, event: E, deliveryId: string): void {
  const group = map.get(key) ?? { events: [], deliveryIds: [] };
  group.events.push(event);
  if (group.deliveryIds.at(-1) !== deliveryId) group.deliveryIds.push(deliveryId);
  map.set(key, group);
}

/**
 * Reads a webhook's kept raw bodies (received since `since`, up to the delivery `lastId`), oldest first, 200 at a
 * time, through the receiver's parse → normalize → bound steps. Only what they normalize to is held, not the bodies.
 * A body the current parser refuses, or a ping, derives nothing.
 */
export async function deriveKeptBodies(
  db: Kysely<Database>,
  input: {
    webhookId: string;
    provider: Provider;
    since: number | undefined;
    lastId: string;
  },
): Promise<DerivedDeliveries> {
  const derived: DerivedDeliveries = {
    deployments: new Map(),
    pushes: new Map(),
    pullRequests: new Map(),
    incidents: new Map(),
    deliveries: [],
  };
  const { provider } = input;
  let after = '';
  for (;;) {
    let query = db
      .selectFrom('deliveries')
      .select(['id', 'outcome', 'raw_body', 'headers', 'deployment_id'])
      .where('webhook_id', '=', input.webhookId)
      .where('raw_body', 'is not', null)
      .where('id', '>', after)
      .where('id', '<=', input.lastId)
      .orderBy('id')
      .limit(200);
    if (input.since !== undefined) query = query.where('received_at', '>=', input.since);
    const page = await query.execute();
    if (page.length === 0) return derived;
    for (const delivery of page) {
      after = delivery.id;
      const headers = JSON.parse(delivery.headers ?? '{}') as Headers;
      const parsed = provider.parse({ headers, rawBody: Buffer.from(delivery.raw_body ?? '', 'utf8') });
      if (!parsed.ok) continue;
      const bounded = boundEvent(withoutNul(provider.normalize(parsed.event, parsed.payload, headers)));
      if (!bounded.ok) {
        derived.deliveries.push({
          id: delivery.id,
          outcome: delivery.outcome,
          deploymentId: delivery.deployment_id,
          ignoredReason: bounded.message,
        });
        continue;
      }
      const normalized = bounded.normalized;
      if (normalized.kind === 'ping') continue;
      const id = delivery.id;
      derived.deliveries.push({
        id,
        outcome: delivery.outcome,
        deploymentId: delivery.deployment_id,
        ignoredReason: normalized.kind === 'ignored' ? normalized.reason : null,
      });
      switch (normalized.kind) {
        case 'deployment': {
          const d = normalized.deployment;
          add(derived.deployments, `${d.instance}\n${d.providerDeploymentId}`, d, id);
          break;
        }
        case 'push':
        case 'pushes':
          for (const push of normalized.kind === 'push' ? [normalized.push] : normalized.pushes)
            add(derived.pushes, pushKeyOf(push), push, id);
          break;
        case 'pull_request': {
          const pr = normalized.pullRequest;
          add(derived.pullRequests, `${pr.repository}\n${pr.number}`, pr, id);
          break;
        }
        case 'incident':
          add(derived.incidents, normalized.incident.providerIncidentId, normalized.incident, id);
          break;
        case 'ignored':
          break;
      }
    }
  }
}
