import { createHmac, randomUUID } from 'node:crypto';

/** A generic webhook body (CONTRACT.md, "The receiver"), with defaults for the fields a test does not care about. */
export interface GenericDeploymentInput {
  deploymentId: string | number;
  status?: 'success' | 'failure' | 'in_progress' | 'canceled';
  repository?: string;
  environment?: string;
  sha?: string;
  ref?: string;
  startedAt?: string;
  finishedAt?: string;
  url?: string;
  commits?: { sha: string; timestamp: string }[];
}

export function genericDeployment(input: GenericDeploymentInput): Record<string, unknown> {
  const status = input.status ?? 'success';
  return {
    deploymentId: input.deploymentId,
    repository: input.repository ?? 'acme/checkout',
    environment: input.environment ?? 'production',
    status,
    sha: input.sha ?? 'a'.repeat(40),
    ...(input.ref === undefined ? {} : { ref: input.ref }),
    ...(input.startedAt === undefined ? {} : { startedAt: input.startedAt }),
    ...(status === 'in_progress' && input.finishedAt === undefined
      ? {}
      : { finishedAt: input.finishedAt ?? '2026-03-02T12:00:00Z' }),
    ...(input.url === undefined ? {} : { url: input.url }),
    ...(input.commits === undefined ? {} : { commits: input.commits }),
  };
}

export function signGeneric(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The headers a generic sender sends with a body. */
export function genericHeaders(body: string, secret: string, delivery: string = randomUUID()): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-shipwatch-signature-256': signGeneric(body, secret),
    'x-shipwatch-delivery': delivery,
  };
}

/** The headers of a signed `last-deployment` request: HMAC-SHA256 of `<timestamp>.<path and query>`. */
export function lastDeploymentHeaders(pathAndQuery: string, secret: string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'x-shipwatch-timestamp': timestamp,
    'x-shipwatch-signature-256': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${pathAndQuery}`).digest('hex')}`,
  };
}

export const shaOf = (n: number): string => n.toString(16).padStart(40, '0');
