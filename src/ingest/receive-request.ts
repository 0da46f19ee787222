import type { Readable } from 'node:stream';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/create-db.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { createWriteQueue } from '../db/write-queue.js';
import { isProviderId } from '../domain/index.js';
import { ERROR_CATALOGUE, type ErrorCode, HttpError } from '../errors.js';
import type { Headers, Provider } from '../providers/provider.js';
import { providers } from '../providers/registry.js';
import { headerValue } from '../providers/shared/header-value.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { activeSecrets } from './active-secrets.js';
import { budgetLimits, createBodyBudgets } from './body-budgets.js';
import { boundEvent, deliveryKeyProblem } from './bound-fields.js';
import { countFailure, createVerificationLimiter, failureWait, tooManyFailuresMessage } from './failure-limiter.js';
import { findLiveWebhook, selectWebhookRow } from './find-live-webhook.js';
import { keptHeaders } from './kept-headers.js';
import { readBody, STALL_LIMITS_DEFAULT } from './read-body.js';
import { type DeliveryResult, receiveDelivery, recordRejected } from './receive-delivery.js';
import { refreshStaleRepositories } from './refresh-lead-times.js';
import { verifyAndNormalize } from './verify-and-normalize.js';
import { verifyFailureMessage } from './verify-message.js';

/** Bytes of webhook bodies being read at once, across all requests of one receiver (one per process); shared out
 * per client address and per webhook by src/ingest/body-budgets.ts. */
export const BODY_BYTES_IN_FLIGHT = 256 * 1024 * 1024;

export interface ReceiverDeps {
  readonly config: Pick<Config, 'maxBodyBytes' | 'maxPushBodyBytes' | 'rawBodyRetentionDays'>;
  readonly database: DatabaseHandle;
  readonly secretBox: SecretBox;
  /** The clock, in epoch ms: read once per request. */
  readonly now: () => number;
  /** Called after a delivery to a project is committed (the server recomputes its lead-time cache soon). */
  readonly afterDelivery?: (projectId: string) => void;
}

/** One request to `POST /hooks/<webhookId>`, from a socket or from inside Shipwatch (an import, the demo). */
export interface IncomingRequest {
  readonly webhookId: string;
  /** Lower-case names, as Node gives them. */
  readonly headers: Headers;
  /** The body still to be read (its Content-Length is in `headers`), or bytes already in memory. */
  readonly body: Readable | Buffer;
  /** Who sent it: failed verifications are limited per webhook and client address. */
  readonly clientAddress: string;
}

/** The contract's answer: 200 with the delivery's outcome, or a status with `{"error": {code, message}}`. */
export type ReceiveAnswer =
  | { readonly ok: true; readonly status: 200; readonly delivery: DeliveryResult }
  | {
      readonly ok: false;
      readonly status: number;
      readonly error: { readonly code: ErrorCode; readonly message: string };
      /** Seconds, for a `Retry-After` header (429, 503). */
      readonly retryAfter?: number;
      /** The body was not read to its end: the connection must be closed. */
      readonly closeConnection?: boolean;
      /** The error behind a 503 (database unreachable) or 500 (a bug), for the log; the message says nothing of it. */
      readonly fault?: unknown;
    };

export interface RequestReceiver {
  receive(request: IncomingRequest): Promise<ReceiveAnswer>;
  /**
   * Brings the derived caches of the webhook's project (what each deployment brought, lead times, verdicts) up to
   * date with what was received (`refreshStaleRepositories`): `shipwatch import` calls it once at its end, so that
   * no read has to build them. The server does the same in the background after deliveries (src/ingest/maintenance.ts).
   */
  buildCaches(webhookId: string): Promise<void>;
}

/** The event name stored on a delivery record, as for a rejected one (`eventHint`). */
const MAX_EVENT_NAME_LENGTH = 100;
const BUSY_MESSAGE =
  'Shipwatch is reading too many large bodies at once (from this address, to this webhook, or in all); retry in a few seconds.';
const STALLED_MESSAGE = 'The request body stopped arriving before its end; it was cut off.';
const UNAVAILABLE_MESSAGE = 'The database is unreachable right now; nothing was stored. Retry in a few seconds.';
const INTERNAL_MESSAGE = 'Something went wrong inside Shipwatch; the server log has the details.';

/**
 * The receiver: one per process (the HTTP adapter's, an import's, the demo's). It holds what requests share: the
 * failed-verification limiter, the budget of body bytes in flight, and the write queue, told how many received
 * requests are still on their way to it (so that a group commit on SQLite waits for them, src/db/write-queue.ts).
 *
 * `receive` runs the contract's checks in order: 404 unknown webhook, 410 revoked, 413 body over the limit of its
 * event type (counted while reading), 401 bad signature (429 past the failure rate, not recorded), 415 content
 * type, 400 body; then the delivery is stored in one transaction and answered 200 once committed. A refused
 * request to a known webhook leaves a `rejected` record. A database that cannot be reached makes it 503.
 */
export function createRequestReceiver(deps: ReceiverDeps): RequestReceiver {
  const limiter = createVerificationLimiter();
  const budgets = createBodyBudgets(
    budgetLimits(deps.config.maxBodyBytes, deps.config.maxPushBodyBytes, BODY_BYTES_IN_FLIGHT),
  );
  const stall = { smallBody: deps.config.maxBodyBytes, ...STALL_LIMITS_DEFAULT };
  let arriving = 0;
  const writes = createWriteQueue(deps.database, { arriving: () => arriving });

  async function receiveOne(
    request: IncomingRequest,
    arrived: () => void,
    unread: { body: boolean },
  ): Promise<ReceiveAnswer> {
    const now = deps.now();
    const found = await findLiveWebhook(deps.database.reader, request.webhookId);
    if (!found.ok) return refusal(found.code, found.message);
    const { webhook } = found;
    if (!isProviderId(webhook.provider)) throw new Error(`webhook ${webhook.id} has an unknown provider`);
    const provider = providers[webhook.provider];
    const { headers } = request;
    const reject = async (code: ErrorCode, message: string) => {
      arrived();
      const httpStatus = ERROR_CATALOGUE[code].status;
      await recordRejected(writes, { webhook, event: eventHint(provider, headers), httpStatus, reason: message, now });
      return refusal(code, message);
    };

    const limit = provider.bodyLimitClass(headers) === 'push' ? deps.config.maxPushBodyBytes : deps.config.maxBodyBytes;
    const declared = Number(headerValue(headers, 'content-length'));
    // A body that may be large (declared past the small limit, or of the push class with no Content-Length) from an
    // address past the failure rate is answered 429 before it is read. One declared small is still read and
    // verified: a verified delivery of that size is never 429.
    const mayBeLarge =
      declared > deps.config.maxBodyBytes || (!Number.isFinite(declared) && limit > deps.config.maxBodyBytes);
    const blocked = mayBeLarge ? failureWait(limiter, webhook.id, request.clientAddress, now) : null;
    if (blocked !== null) {
      unread.body = !Buffer.isBuffer(request.body);
      return { ...refusal('too_many_failures', tooManyFailuresMessage(blocked)), retryAfter: blocked };
    }
    const account = budgets.open(webhook.id, request.clientAddress);
    const read = await readBody(request.body, declared, limit, account, stall);
    if (!read.ok) {
      unread.body = true;
      if (read.reason === 'busy') {
        // A busy answer counts as a failure: an address that keeps the budgets full is soon answered 429, unread.
        countFailure(limiter, webhook.id, request.clientAddress, now);
        return { ...(await reject('not_ready', BUSY_MESSAGE)), retryAfter: 5 };
      }
      if (read.reason === 'stalled') return reject('request_timeout', STALLED_MESSAGE);
      if (read.reason === 'aborted') return refusal('invalid_request', 'The request body was cut off.');
      return reject('payload_too_large', `The body is over the ${limit}-byte limit for this event type.`);
    }
    const rawBody = read.body;

    const outcome = await verifyAndNormalize(
      provider,
      { headers, rawBody },
      activeSecrets(webhook, deps.secretBox, now),
    );
    if (outcome.stage === 'verify') {
      const wait = countFailure(limiter, webhook.id, request.clientAddress, now);
      if (wait !== null) return { ...refusal('too_many_failures', tooManyFailuresMessage(wait)), retryAfter: wait };
      return reject('signature_mismatch', verifyFailureMessage(provider, outcome.reason));
    }
    if (outcome.stage === 'parse') return reject(outcome.code, outcome.message);
    const keyProblem = deliveryKeyProblem(outcome.deliveryKey, provider.deliveryKeyRule);
    if (keyProblem !== null) return reject('invalid_body', keyProblem);
    const bounded = boundEvent(outcome.normalized);
    if (!bounded.ok) return reject('invalid_body', bounded.message);
    arrived();
    const delivery = await receiveDelivery(
      deps.database.db,
      writes,
      deps.database.dialect,
      {
        webhook,
        event: outcome.event.slice(0, MAX_EVENT_NAME_LENGTH),
        deliveryKey: outcome.deliveryKey,
        normalized: bounded.normalized,
        rawBody: rawBody.toString('utf8'),
        keptHeaders: keptHeaders(provider, headers),
        now,
      },
      { rawBodyRetentionDays: deps.config.rawBodyRetentionDays },
    );
    deps.afterDelivery?.(webhook.project_id);
    return { ok: true, status: 200, delivery };
  }

  return {
    async receive(request) {
      arriving += 1;
      let counted = true;
      /** Called once the request's write is queued, or when it will not write. */
      const arrived = () => {
        if (counted) {
          counted = false;
          arriving -= 1;
        }
      };
      const unread = { body: false };
      let answer: ReceiveAnswer;
      try {
        answer = await receiveOne(request, arrived, unread);
      } catch (error) {
        answer = faultAnswer(error);
      } finally {
        arrived();
      }
      // A body left unread (over its limit, cut off, or past the byte budget) would be read as the next request.
      return !answer.ok && unread.body ? { ...answer, closeConnection: true } : answer;
    },
    async buildCaches(webhookId) {
      const webhook = await selectWebhookRow(deps.database.db, webhookId);
      if (webhook !== undefined) await refreshStaleRepositories(deps.database.db, webhook.project_id);
    },
  };
}

function refusal(code: ErrorCode, message: string): Extract<ReceiveAnswer, { ok: false }> {
  return { ok: false, status: ERROR_CATALOGUE[code].status, error: { code, message } };
}

/** A thrown error as an answer: the webhook revoked meanwhile (410), the database unreachable (503), or a bug (500). */
function faultAnswer(error: unknown): ReceiveAnswer {
  if (error instanceof HttpError) return refusal(error.code, error.message);
  if (isDatabaseUnavailable(error))
    return { ...refusal('not_ready', UNAVAILABLE_MESSAGE), retryAfter: 10, fault: error };
  return { ...refusal('internal_error', INTERNAL_MESSAGE), fault: error };
}

/** The event name from the provider's event header, for the record of a rejected request (Azure and generic have none). */
function eventHint(provider: Provider, headers: Headers): string | null {
  if (provider.headers.event === null) return null;
  const value = headers[provider.headers.event];
  return typeof value === 'string' && value !== '' ? value.slice(0, MAX_EVENT_NAME_LENGTH) : null;
}
