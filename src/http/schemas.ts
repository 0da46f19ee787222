import { type TSchema, Type } from '@sinclair/typebox';

/** Schemas at the HTTP boundary: they validate requests and document the API (GET /api/openapi.json). */

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Time = Type.String({ format: 'date-time', description: 'ISO 8601 in UTC with Z' });

export const ErrorResponse = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String() }) },
  { $id: 'Error', description: 'Every error: a machine code and a sentence a person can act on' },
);

export const Limit = Type.Optional(
  Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'page size (default 50, at most 500)' }),
);
export const Before = Type.Optional(Type.String({ minLength: 1, description: 'the nextCursor of the previous page' }));

export const Project = Type.Object({
  id: Type.String(),
  name: Type.String(),
  timeZone: Type.String(),
  createdAt: Time,
  demo: Type.Boolean(),
});

export const Webhook = Type.Object({
  id: Type.String(),
  projectId: Type.String(),
  provider: Type.String(),
  name: Type.String(),
  url: Type.String(),
  createdAt: Time,
  revokedAt: Nullable(Time),
  lastDeliveryAt: Nullable(Time),
  lastDeliveryOutcome: Nullable(Type.String()),
  verifiedAt: Nullable(Time),
  previousSecretExpiresAt: Nullable(Time),
});

export const WebhookWithSecret = Type.Composite([Webhook, Type.Object({ secret: Type.String() })]);

export const Token = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Time,
  lastUsedAt: Nullable(Time),
});

export const Delivery = Type.Object({
  id: Type.String(),
  receivedAt: Time,
  event: Nullable(Type.String()),
  outcome: Type.String(),
  httpStatus: Type.Integer(),
  reason: Nullable(Type.String()),
});

export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Time,
  actor: Type.String(),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.String(),
});

export const Name = Type.String({ description: '1 to 100 characters after trimming, no control characters' });

export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  404: ErrorResponse,
};
