import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import helmet from 'helmet';
import type { AppDeps } from './deps.js';
import { installErrorHandler } from './error-handler.js';
import { installApiAuth } from './plugins/api-auth.js';
import { lastDeploymentPlugin } from './plugins/last-deployment.js';
import { receiverPlugin } from './plugins/receiver.js';
import { webPlugin } from './plugins/web.js';
import { RECEIVER_PATH } from './receiver-openapi.js';
import { redactUrl } from './redact-url.js';
import { refuseNul } from './refuse-nul.js';
import { createSerializerCompiler, createValidatorCompiler } from './validator.js';
import './request-context.js';
import { acrossRoutes } from './routes/across.js';
import { drillDownRoutes } from './routes/drill-down.js';
import { exportRoutes } from './routes/exports.js';
import { healthRoutes } from './routes/health.js';
import { incidentRoutes } from './routes/incidents.js';
import { meRoutes } from './routes/me.js';
import { projectRoutes } from './routes/projects.js';
import { prometheusRoutes } from './routes/prometheus.js';
import { reporterFileRoutes } from './routes/reporter-file.js';
import { reportRoutes } from './routes/reports.js';
import { publicSessionRoutes, sessionRoutes } from './routes/session.js';
import { settingsRoutes } from './routes/settings.js';
import { tokenRoutes } from './routes/tokens.js';
import { userRoutes } from './routes/users.js';
import { webhookRoutes } from './routes/webhooks.js';
import { trustProxyOption } from './trust-proxy.js';

export const API_BODY_LIMIT = 1024 * 1024;

/**
 * Builds the HTTP application without listening (STYLE.md habit 9). One encapsulated context per audience:
 * the receiver (raw bodies, verified by webhook secrets), the public API routes, the authenticated API, the web page.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const options: FastifyServerOptions = {
    loggerInstance: deps.logger,
    genReqId: () => randomUUID(),
    requestIdHeader: 'x-request-id',
    bodyLimit: API_BODY_LIMIT,
    // A client that stalls is cut off (issue: back-pressure): 30 s for the whole request, 10 s for its headers
    // (below).
    requestTimeout: 30_000,
    // A socket with no traffic either way for this long is closed. Not lower: the first metrics read of a project
    // with years of imported history computes its lead-time cache before it answers (54 s for 1,000,000 commits on
    // PostgreSQL, docs/PERFORMANCE.md), and a client that never reads its answer is cut off here all the same.
    connectionTimeout: 300_000,
    keepAliveTimeout: 65_000,
    return503OnClosing: true,
    // One access-log line per request, written when it is answered (below), instead of Fastify's two.
    // (through a LogController: the top-level disableRequestLogging is deprecated, FSTDEP023).
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: 'idle',
  };
  const app = Fastify({
    ...options,
    trustProxy: trustProxyOption(deps.config.trustProxy),
    // Providers send their headers at once: 10 s for them. Node checks the timeouts every 2 s; its default, 30 s,
    // let a stalled connection live up to a minute.
    http: { headersTimeout: 10_000, connectionsCheckingInterval: 2_000 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(createValidatorCompiler());
  app.setSerializerCompiler(createSerializerCompiler());
  installErrorHandler(app);

  // Security headers on every answer, as helmet sets them: none depends on the request, so helmet runs once here
  // and every answer gets the headers it set (@fastify/helmet rebuilt and ran the middleware for every request:
  // 2 to 3 % of the receiver's CPU under load, docs/PERFORMANCE.md).
  const securityHeaders = headersOf(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      strictTransportSecurity: deps.config.publicUrl.startsWith('https://'),
    }),
  );
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(securityHeaders);
    reply.header('x-request-id', request.id);
    // Before any plugin's hooks or handler reads a parameter (src/http/refuse-nul.ts).
    try {
      refuseNul(request);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        url: redactUrl(request.url),
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
    done();
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Shipwatch',
        version: '1',
        description: 'DORA metrics from deployment webhooks (CONTRACT.md, version 1)',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'shipwatch_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    // The receiver reads raw bytes and declares no schema: its description is added here.
    transformObject: (document) => {
      if (!('openapiObject' in document)) return document.swaggerObject;
      const { openapiObject } = document;
      return { ...openapiObject, paths: { ...openapiObject.paths, ...RECEIVER_PATH } };
    },
  });

  await app.register(healthRoutes, deps);
  await app.register(receiverPlugin, { prefix: '/hooks', ...deps });
  await app.register(lastDeploymentPlugin, { prefix: '/hooks', ...deps });
  await app.register(
    async (api) => {
      await api.register(cookie);
      // Public: signing in, and the API's own description.
      await api.register(publicSessionRoutes, deps);
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      // Everything else under /api needs a credential.
      await api.register(async (authed) => {
        installApiAuth(authed, deps);
        await authed.register(sessionRoutes, deps);
        await authed.register(meRoutes, deps);
        await authed.register(tokenRoutes, deps);
        await authed.register(userRoutes, deps);
        await authed.register(projectRoutes, deps);
        await authed.register(settingsRoutes, deps);
        await authed.register(webhookRoutes, deps);
        await authed.register(reportRoutes, deps);
        await authed.register(exportRoutes, deps);
        await authed.register(incidentRoutes, deps);
        await authed.register(drillDownRoutes, deps);
        await authed.register(acrossRoutes, deps);
      });
    },
    { prefix: '/api' },
  );
  // Prometheus scrapes /metrics with a token like any API client (CONTRACT.md version 2, "Across projects").
  await app.register(async (scraped) => {
    await scraped.register(cookie);
    installApiAuth(scraped, deps);
    await scraped.register(prometheusRoutes, deps);
  });
  // Sign-in with OpenID Connect, when configured: openid-client is loaded only then.
  if (deps.config.oidc !== null) {
    const { oidcRoutes } = await import('./routes/oidc.js');
    await app.register(async (auth) => {
      await auth.register(cookie);
      await auth.register(oidcRoutes, deps);
    });
  }
  await app.register(reporterFileRoutes, deps);
  await app.register(webPlugin, deps);
  return app;
}

/** The headers a connect-style middleware that only sets headers (helmet) puts on an answer. */
function headersOf(
  middleware: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      return res;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let error: unknown;
  middleware({} as IncomingMessage, res as unknown as ServerResponse, (e) => {
    error = e;
  });
  if (error !== undefined) throw error;
  return headers;
}
