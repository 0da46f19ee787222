import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { createPrometheusExporter } from '../../reports/prometheus.js';
import type { AppDeps } from '../deps.js';
import { visibleProjectIds } from '../plugins/api-auth.js';
import { ErrorResponse } from '../schemas.js';

/**
 * `GET /metrics`: Prometheus text for a credential of any role (installApiAuth runs in this route's context), the
 * projects it may see; the exposition is cached between scrapes per set of visible projects (src/reports/prometheus.ts).
 */
export const prometheusRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  // prom-client is loaded at the first scrape, not at start.
  let exporter: ReturnType<typeof createPrometheusExporter> | null = null;
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['metrics'],
        summary:
          'Prometheus text: production deployments by project, repository and status, and the last 30 days’ figures per project',
        response: {
          200: {
            description: 'Prometheus text format 0.0.4',
            content: { 'text/plain': { schema: Type.String() } },
          },
          401: ErrorResponse,
          403: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      exporter ??= (await import('../../reports/prometheus.js')).createPrometheusExporter(deps.database.db, {
        now: deps.now,
      });
      const text = await exporter.scrape(visibleProjectIds(request));
      return reply.header('content-type', exporter.contentType).send(text);
    },
  );
};
