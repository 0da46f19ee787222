import type { FastifyInstance } from 'fastify';
import { errorBody } from '../../errors.js';
import { createRequestReceiver } from '../../ingest/receive-request.js';
import type { AppDeps } from '../deps.js';

/**
 * `POST /hooks/<webhookId>`: the HTTP adapter over `src/ingest/receive-request.ts`, which runs the contract's
 * checks in order and stores the delivery. Here: hand it the raw body stream and the client address, and write
 * its answer (status, `Retry-After`, `Connection: close` when the body was left unread). A fault (database
 * unreachable, a bug) goes to the error handler, which logs it and answers 503 or 500.
 */
export async function receiverPlugin(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const receiver = createRequestReceiver(deps);

  // The receiver reads raw bytes itself (verification needs them, and the limit depends on the event type):
  // this parser leaves the stream unread, for every content type, in this plugin's context only.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  app.post<{ Params: { webhookId: string } }>('/:webhookId', { schema: { hide: true } }, async (request, reply) => {
    const answer = await receiver.receive({
      webhookId: request.params.webhookId,
      headers: request.headers,
      body: request.raw,
      clientAddress: request.ip,
    });
    if (answer.ok) return reply.status(200).send(answer.delivery);
    if (answer.closeConnection === true) reply.header('connection', 'close');
    if (answer.fault !== undefined) throw answer.fault;
    if (answer.retryAfter !== undefined) reply.header('retry-after', String(answer.retryAfter));
    return reply.status(answer.status).send(errorBody(answer.error.code, answer.error.message));
  });
}
