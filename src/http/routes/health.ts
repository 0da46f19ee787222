import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { isMigrated } from '../../db/migrate.js';
import { errorBody } from '../../errors.js';
import type { AppDeps } from '../deps.js';

/** /healthz: the process is alive. /readyz: the database answers and every migration is applied. */
export const healthRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  let migrated = false;
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await withTimeout(sql`select 1`.execute(deps.database.db), 2000);
      if (!migrated) migrated = await isMigrated(deps.database);
      if (!migrated) return reply.status(503).send(errorBody('not_ready', 'Database migrations are not applied yet.'));
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.status(503).send(errorBody('not_ready', 'The database is unreachable.'));
    }
  });
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
