import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PROVIDER_IDS } from '../../domain/index.js';
import { replayDeliveries } from '../../ingest/replay.js';
import { listDeliveries } from '../../manage/deliveries.js';
import { type RevokeOptions, revokeWebhook } from '../../manage/revoke-webhook.js';
import {
  createWebhook,
  getWebhook,
  listWebhooks,
  renameWebhook,
  revealSecret,
  rotateSecret,
  type WebhookContext,
} from '../../manage/webhooks.js';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/api-auth.js';
import {
  Before,
  Delivery,
  ErrorResponse,
  errorResponses,
  Limit,
  Name,
  Nullable,
  RevokeResult,
  RotatedSecret,
  Webhook,
  WebhookWithSecret,
} from '../schemas.js';

const WebhookParams = Type.Object({ webhookId: Type.String() });
const withConflicts = { ...errorResponses, 409: ErrorResponse, 410: ErrorResponse };

export const webhookRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const ctx: WebhookContext = { db: deps.database.db, secretBox: deps.secretBox, publicUrl: deps.config.publicUrl };

  app.post(
    '/projects/:projectId/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Generate a webhook: its URL and secret token, to paste into the provider',
        params: Type.Object({ projectId: Type.String() }),
        body: Type.Object({
          provider: Type.String({ description: `one of ${PROVIDER_IDS.join(', ')}` }),
          name: Type.Optional(Name),
          secret: Type.Optional(
            Type.String({
              description: 'pagerduty and incident-io only (required there): the secret the provider made',
            }),
          ),
        }),
        response: { 201: WebhookWithSecret, ...errorResponses },
      },
    },
    async (request, reply) => {
      const made = await createWebhook(ctx, {
        projectId: request.params.projectId,
        provider: request.body.provider,
        name: request.body.name,
        secret: request.body.secret,
        actor: actorOf(request),
        now: deps.now(),
      });
      return reply.status(201).send(made);
    },
  );
  app.get(
    '/projects/:projectId/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: "A project's webhooks (no secrets)",
        params: Type.Object({ projectId: Type.String() }),
        querystring: Type.Object({ includeRevoked: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ webhooks: Type.Array(Webhook) }), ...errorResponses },
      },
    },
    async (request) => ({
      webhooks: await listWebhooks(ctx, {
        projectId: request.params.projectId,
        includeRevoked: request.query.includeRevoked === true,
        now: deps.now(),
      }),
    }),
  );
  app.get(
    '/webhooks/:webhookId',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'One webhook (no secret)',
        params: WebhookParams,
        response: { 200: Webhook, ...errorResponses },
      },
    },
    async (request) => getWebhook(ctx, request.params.webhookId, deps.now()),
  );
  app.get(
    '/webhooks/:webhookId/secret',
    {
      config: { role: 'maintainer' },
      schema: {
        tags: ['webhooks'],
        summary: "The webhook's secret token, for the copy button; 410 once revoked",
        params: WebhookParams,
        response: { 200: Type.Object({ secret: Type.String() }), ...withConflicts },
      },
    },
    async (request, reply) => {
      const secret = await revealSecret(ctx, {
        id: request.params.webhookId,
        actor: actorOf(request),
        now: deps.now(),
      });
      reply.header('cache-control', 'no-store');
      return { secret };
    },
  );
  app.post(
    '/webhooks/:webhookId/rotate-secret',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Make a new secret; the old one is still accepted until previousSecretExpiresAt',
        params: WebhookParams,
        body: Type.Optional(
          Type.Object({
            graceSeconds: Type.Optional(
              Type.Integer({ minimum: 0, maximum: 30 * 86400, description: 'default 86400' }),
            ),
            secret: Type.Optional(
              Type.String({ description: 'pagerduty and incident-io only (required there): the new secret' }),
            ),
          }),
        ),
        response: {
          200: RotatedSecret,
          ...withConflicts,
        },
      },
    },
    async (request, reply) => {
      const result = await rotateSecret(ctx, {
        id: request.params.webhookId,
        graceSeconds: request.body?.graceSeconds ?? 86400,
        secret: request.body?.secret,
        actor: actorOf(request),
        now: deps.now(),
      });
      reply.header('cache-control', 'no-store');
      return result;
    },
  );
  app.patch(
    '/webhooks/:webhookId',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Rename a webhook',
        params: WebhookParams,
        body: Type.Object({ name: Name }),
        response: { 200: Webhook, ...withConflicts },
      },
    },
    async (request) =>
      renameWebhook(ctx, {
        id: request.params.webhookId,
        name: request.body.name,
        actor: actorOf(request),
        now: deps.now(),
      }),
  );
  app.post(
    '/webhooks/:webhookId/revoke',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Revoke a webhook for good, deleting what only it delivered',
        params: WebhookParams,
        response: {
          200: RevokeResult,
          ...withConflicts,
        },
      },
    },
    async (request) =>
      revokeWebhook(
        deps.database.db,
        { id: request.params.webhookId, actor: actorOf(request), now: deps.now() },
        revokePauseForTests(),
      ),
  );
  app.post(
    '/webhooks/:webhookId/replay',
    {
      // Issue 14, item 4: a replay rewrites stored data from kept bodies, for every figure of the project.
      config: { role: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary:
          "Re-derive what a webhook's deliveries stored from their kept raw bodies (after a parser fix); admin only",
        params: WebhookParams,
        querystring: Type.Object({ since: Type.Optional(Type.String({ format: 'date-time' })) }),
        response: {
          200: ReplayResultSchema,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const since = request.query.since === undefined ? undefined : Date.parse(request.query.since);
      return replayDeliveries(deps.database.db, {
        webhookId: request.params.webhookId,
        ...(since === undefined ? {} : { since }),
        now: deps.now(),
      });
    },
  );
  app.get(
    '/webhooks/:webhookId/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary: "A webhook's deliveries, newest first",
        params: WebhookParams,
        querystring: Type.Object({
          limit: Limit,
          before: Before,
          at: Type.Optional(
            Type.String({ minLength: 1, description: 'a delivery id: the page starts at it (it and older ones)' }),
          ),
          outcome: Type.Optional(
            Type.Union(['accepted', 'ignored', 'duplicate', 'rejected'].map((o) => Type.Literal(o))),
          ),
        }),
        response: {
          200: Type.Object({ deliveries: Type.Array(Delivery), nextCursor: Nullable(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      listDeliveries(deps.database.db, {
        webhookId: request.params.webhookId,
        limit: request.query.limit ?? 50,
        before: request.query.before,
        at: request.query.at,
        outcome: request.query.outcome,
      }),
  );
};

/**
 * SHIPWATCH_TEST_REVOKE_PAUSE_MS (milliseconds, tests only): a revoke waits that long between its mark and its
 * deletions, so that the reliability suite can kill the process there (test/reliability/revoke-crash.test.ts).
 */
function revokePauseForTests(): RevokeOptions {
  const ms = Number(process.env.SHIPWATCH_TEST_REVOKE_PAUSE_MS ?? '');
  if (!Number.isFinite(ms) || ms <= 0) return {};
  return { afterMark: () => new Promise((resolve) => setTimeout(resolve, ms)) };
}

const ReplayResultSchema = Type.Object({
  replayed: Type.Integer(),
  stored: Type.Integer(),
  corrected: Type.Integer(),
  removed: Type.Integer(),
  ignored: Type.Integer(),
  pastRetention: Type.Integer(),
});
