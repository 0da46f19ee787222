import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, WebhooksTable } from '../db/schema.js';
import { isProviderId, PROVIDER_IDS, type ProviderId } from '../domain/index.js';
import { badRequest, conflict, gone, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { type Actor, recordAudit } from './audit.js';
import { validateName } from './validate.js';

export interface WebhookContext {
  readonly db: Kysely<Database>;
  readonly secretBox: SecretBox;
  readonly publicUrl: string;
}

export interface WebhookView {
  id: string;
  projectId: string;
  provider: string;
  name: string;
  url: string;
  createdAt: string;
  revokedAt: string | null;
  lastDeliveryAt: string | null;
  lastDeliveryOutcome: string | null;
  verifiedAt: string | null;
  previousSecretExpiresAt: string | null;
}

const DEFAULT_NAMES: Record<ProviderId, string> = {
  github: 'GitHub deployments',
  gitlab: 'GitLab deployments',
  'azure-devops': 'Azure DevOps deployments',
  generic: 'Generic deployments',
  pagerduty: 'PagerDuty incidents',
  'incident-io': 'incident.io incidents',
};

/**
 * The providers that make the signing secret themselves (CONTRACT.md, "Incidents"): creating and rotating a
 * webhook of theirs takes the secret the provider shows, rather than making one.
 */
export const PROVIDER_MADE_SECRET: readonly ProviderId[] = ['pagerduty', 'incident-io'];

/** The secret to keep for a new or rotated webhook: the one pasted (400 without) or a new one. */
function secretFor(provider: string, pasted: string | undefined): string {
  if (!(PROVIDER_MADE_SECRET as readonly string[]).includes(provider)) {
    if (pasted !== undefined)
      throw badRequest(
        `secret is taken only for ${PROVIDER_MADE_SECRET.join(' and ')} webhooks: Shipwatch makes the others' secrets.`,
      );
    return newWebhookSecret();
  }
  if (pasted === undefined || pasted.trim() === '') {
    throw badRequest(
      `secret is required for a ${provider} webhook: paste the signing secret ${provider} shows for the subscription.`,
    );
  }
  if (pasted.length > 1024) throw badRequest('secret is at most 1024 characters.');
  if (provider === 'incident-io' && !/^(whsec_)?[A-Za-z0-9+/]+={0,2}$/.test(pasted.trim())) {
    throw badRequest('secret must be the whsec_... signing secret incident.io shows (base64 after the whsec_ prefix).');
  }
  return pasted.trim();
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A new webhook secret: 32 random bytes as URL-safe text (43 characters). */
export const newWebhookSecret = () => randomBytes(32).toString('base64url');

export function webhookUrl(publicUrl: string, id: string): string {
  return `${publicUrl}/hooks/${id}`;
}

async function lastDeliveries(
  db: Kysely<Database>,
  ids: string[],
): Promise<Map<string, { at: number; outcome: string }>> {
  const result = new Map<string, { at: number; outcome: string }>();
  // One indexed look-up per webhook (webhook_id, id desc): the webhook's last delivery comes from the delivery log.
  for (const id of ids) {
    const row = await db
      .selectFrom('deliveries')
      .select(['received_at', 'outcome'])
      .where('webhook_id', '=', id)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (row !== undefined) result.set(id, { at: row.received_at, outcome: row.outcome });
  }
  return result;
}

function toView(
  row: WebhooksTable,
  publicUrl: string,
  last: { at: number; outcome: string } | undefined,
  now: number,
): WebhookView {
  const previousActive = row.previous_secret_expires_at !== null && row.previous_secret_expires_at > now;
  return {
    id: row.id,
    projectId: row.project_id,
    provider: row.provider,
    name: row.name,
    url: webhookUrl(publicUrl, row.id),
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: iso(row.revoked_at),
    lastDeliveryAt: iso(last?.at ?? null),
    lastDeliveryOutcome: last?.outcome ?? null,
    verifiedAt: iso(row.verified_at),
    previousSecretExpiresAt: previousActive ? iso(row.previous_secret_expires_at) : null,
  };
}

export async function getWebhookRow(db: Kysely<Database>, id: string): Promise<WebhooksTable> {
  const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw notFound(`Webhook ${id} does not exist.`);
  return row;
}

export async function createWebhook(
  ctx: WebhookContext,
  input: {
    projectId: string;
    provider: string;
    name?: string | undefined;
    secret?: string | undefined;
    actor: Actor;
    now: number;
  },
): Promise<WebhookView & { secret: string }> {
  if (!isProviderId(input.provider)) {
    throw badRequest(`provider must be one of ${PROVIDER_IDS.join(', ')} (got ${JSON.stringify(input.provider)}).`);
  }
  const name = input.name === undefined ? DEFAULT_NAMES[input.provider] : validateName(input.name);
  const secret = secretFor(input.provider, input.secret);
  const row: WebhooksTable = {
    id: newId('wh'),
    project_id: input.projectId,
    provider: input.provider,
    name,
    secret_enc: ctx.secretBox.encrypt(secret),
    previous_secret_enc: null,
    previous_secret_expires_at: null,
    created_at: input.now,
    revoked_at: null,
    verified_at: null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    const project = await trx.selectFrom('projects').select('id').where('id', '=', input.projectId).executeTakeFirst();
    if (project === undefined) throw notFound(`Project ${input.projectId} does not exist.`);
    await trx.insertInto('webhooks').values(row).execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'webhook.created',
        targetType: 'webhook',
        targetId: row.id,
        projectId: row.project_id,
      },
      input.now,
    );
  });
  return { ...toView(row, ctx.publicUrl, undefined, input.now), secret };
}

export async function listWebhooks(
  ctx: WebhookContext,
  input: { projectId: string; includeRevoked: boolean; now: number },
): Promise<WebhookView[]> {
  const project = await ctx.db.selectFrom('projects').select('id').where('id', '=', input.projectId).executeTakeFirst();
  if (project === undefined) throw notFound(`Project ${input.projectId} does not exist.`);
  let query = ctx.db.selectFrom('webhooks').selectAll().where('project_id', '=', input.projectId);
  if (!input.includeRevoked) query = query.where('revoked_at', 'is', null);
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  const last = await lastDeliveries(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toView(r, ctx.publicUrl, last.get(r.id), input.now));
}

export async function getWebhook(ctx: WebhookContext, id: string, now: number): Promise<WebhookView> {
  const row = await getWebhookRow(ctx.db, id);
  const last = await lastDeliveries(ctx.db, [id]);
  return toView(row, ctx.publicUrl, last.get(id), now);
}

export async function revealSecret(
  ctx: WebhookContext,
  input: { id: string; actor: Actor; now: number },
): Promise<string> {
  const row = await getWebhookRow(ctx.db, input.id);
  if (row.revoked_at !== null || row.secret_enc === null)
    throw gone(`Webhook ${input.id} was revoked; its secret is gone.`);
  await recordAudit(
    ctx.db,
    {
      actor: input.actor,
      action: 'webhook.secret_revealed',
      targetType: 'webhook',
      targetId: row.id,
      projectId: row.project_id,
    },
    input.now,
  );
  return ctx.secretBox.decrypt(row.secret_enc);
}

/** A new secret; the old one stays valid for graceSeconds, so no delivery is lost while the provider is updated. */
export async function rotateSecret(
  ctx: WebhookContext,
  input: { id: string; graceSeconds: number; secret?: string | undefined; actor: Actor; now: number },
): Promise<{ secret: string; previousSecretExpiresAt: string | null }> {
  const expiresAt = input.graceSeconds > 0 ? input.now + input.graceSeconds * 1000 : null;
  let secret = '';
  await ctx.db.transaction().execute(async (trx) => {
    const row = await getWebhookRow(trx, input.id);
    if (row.revoked_at !== null || row.secret_enc === null)
      throw gone(`Webhook ${input.id} was revoked; it has no secret to rotate.`);
    secret = secretFor(row.provider, input.secret);
    await trx
      .updateTable('webhooks')
      .set({
        secret_enc: ctx.secretBox.encrypt(secret),
        previous_secret_enc: expiresAt === null ? null : row.secret_enc,
        previous_secret_expires_at: expiresAt,
      })
      .where('id', '=', input.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'webhook.secret_rotated',
        targetType: 'webhook',
        targetId: row.id,
        projectId: row.project_id,
      },
      input.now,
    );
  });
  return { secret, previousSecretExpiresAt: iso(expiresAt) };
}

export async function renameWebhook(
  ctx: WebhookContext,
  input: { id: string; name: string; actor: Actor; now: number },
): Promise<WebhookView> {
  const name = validateName(input.name);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await getWebhookRow(trx, input.id);
    if (row.revoked_at !== null) throw conflict(`Webhook ${input.id} was revoked and cannot be renamed.`);
    await trx.updateTable('webhooks').set({ name }).where('id', '=', input.id).execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'webhook.renamed',
        targetType: 'webhook',
        targetId: row.id,
        projectId: row.project_id,
      },
      input.now,
    );
  });
  return getWebhook(ctx, input.id, input.now);
}
