import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../../errors.js';
import { reporterPath } from '../../reporter/reporter-path.js';
import type { AppDeps } from '../deps.js';

/**
 * `GET /reporter.mjs`: the deployment reporter, one dependency-free ES module, so that any CI can fetch it from
 * its own Shipwatch (`curl -o reporter.mjs <shipwatch>/reporter.mjs && node reporter.mjs ...`). No credential:
 * it holds no secret. Read once, when the app is built.
 */
export async function reporterFileRoutes(app: FastifyInstance, _deps: AppDeps): Promise<void> {
  const path = reporterPath();
  let source: string | null = null;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    app.log.warn({ err: error, path }, 'the reporter file is missing; /reporter.mjs answers 404');
  }
  app.get('/reporter.mjs', { schema: { hide: true } }, async (_request, reply) => {
    if (source === null)
      return reply.status(404).send(errorBody('not_found', 'The reporter file is missing on this server.'));
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-disposition', 'inline; filename="reporter.mjs"')
      .send(source);
  });
}
