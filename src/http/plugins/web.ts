import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../../errors.js';
import type { AppDeps } from '../deps.js';

/** Where `npm run build:web` puts the page: dist/web at the project's root (from src/http/plugins or dist/http/plugins). */
export function webRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '..', '..', '..', 'dist', 'web');
}

/**
 * The web page: hashed assets cached for a year, index.html never cached, and index.html for any other GET
 * that asks for HTML (the page routes on the client).
 */
export async function webPlugin(app: FastifyInstance, _deps: AppDeps): Promise<void> {
  const root = webRoot();
  const index = join(root, 'index.html');
  const built = existsSync(index);
  if (!built) app.log.warn({ root }, 'the web page is not built (npm run build:web); serving the API only');
  if (built)
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: false,
      index: false,
      setHeaders(reply, path) {
        reply.header(
          'cache-control',
          path.includes(`${join(root, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  const sendIndex = async (_request: unknown, reply: import('fastify').FastifyReply) => {
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  };
  if (built) app.get('/', { schema: { hide: true } }, sendIndex);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const wantsHtml = (request.headers.accept ?? '').includes('text/html');
    if (
      built &&
      request.method === 'GET' &&
      wantsHtml &&
      !path.startsWith('/api/') &&
      !path.startsWith('/hooks/') &&
      !path.startsWith('/assets/')
    ) {
      return sendIndex(request, reply);
    }
    return reply.status(404).send(errorBody('not_found', `No route ${request.method} ${path}.`));
  });
}
