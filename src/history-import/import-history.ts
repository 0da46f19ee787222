import { createHash, createHmac } from 'node:crypto';
import type { RequestReceiver } from '../ingest/receive-request.js';

export type LineOutcome = 'accepted' | 'duplicate' | 'ignored' | 'rejected';

export interface ImportCounts {
  accepted: number;
  duplicate: number;
  ignored: number;
  rejected: number;
}

export interface ImportProblem {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly outcome: 'ignored' | 'rejected';
  readonly reason: string;
}

export interface ImportSummary extends ImportCounts {
  /** Non-blank lines sent. */
  readonly lines: number;
  /** The first few lines that were ignored or rejected, with why. */
  readonly problems: ImportProblem[];
}

export interface ImportProgress extends ImportCounts {
  /** Lines read so far (blank ones included) and the bytes they held. */
  readonly line: number;
  readonly bytes: number;
}

/** How many problems a summary names. */
export const PROBLEMS_KEPT = 5;

/**
 * The delivery key of an imported line: the SHA-256 of its bytes, so that importing the same file again is
 * answered `duplicate` line by line and stores nothing twice.
 */
export function importDeliveryKey(line: string): string {
  return `import-${createHash('sha256').update(line, 'utf8').digest('hex')}`;
}

/**
 * Loads past deployments, one generic webhook body per line (JSON Lines), through the generic webhook's own
 * receiver: each line is signed with the webhook's secret and handed to the receiver use case
 * (`src/ingest/receive-request.ts`, the one `POST /hooks/<id>` runs), so it is verified, parsed, normalized and
 * stored exactly like a live delivery, with the webhook's lineage (a revoke removes what it imported). Blank
 * lines are skipped. Lines go one at a time, in file order. At the end the project's caches are brought up to date
 * (`RequestReceiver.buildCaches`), so that the first read after the import answers without building them.
 */
export async function importHistory(input: {
  receiver: RequestReceiver;
  webhookId: string;
  secret: string;
  lines: AsyncIterable<string>;
  onProgress?: (progress: ImportProgress) => void;
}): Promise<ImportSummary> {
  const counts: ImportCounts = { accepted: 0, duplicate: 0, ignored: 0, rejected: 0 };
  const problems: ImportProblem[] = [];
  let line = 0;
  let bytes = 0;
  let sent = 0;
  for await (const raw of input.lines) {
    line += 1;
    bytes += Buffer.byteLength(raw, 'utf8') + 1;
    const body = raw.trim();
    if (body !== '') {
      sent += 1;
      const result = await sendLine(input.receiver, input.webhookId, input.secret, body);
      counts[result.outcome] += 1;
      if ((result.outcome === 'ignored' || result.outcome === 'rejected') && problems.length < PROBLEMS_KEPT) {
        problems.push({ line, outcome: result.outcome, reason: result.reason });
      }
    }
    input.onProgress?.({ ...counts, line, bytes });
  }
  // The caches a read needs (brought commits, lead times, verdicts) are built now, once for the whole file, so that
  // the first read after an import has nothing to build.
  await input.receiver.buildCaches(input.webhookId);
  return { ...counts, lines: sent, problems };
}

async function sendLine(
  receiver: RequestReceiver,
  webhookId: string,
  secret: string,
  body: string,
): Promise<{ outcome: LineOutcome; reason: string }> {
  const answer = await receiver.receive({
    webhookId,
    headers: {
      'content-type': 'application/json',
      'x-shipwatch-signature-256': `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`,
      'x-shipwatch-delivery': importDeliveryKey(body),
      'user-agent': 'shipwatch-import',
    },
    body: Buffer.from(body, 'utf8'),
    clientAddress: 'shipwatch import',
  });
  if (answer.ok) return { outcome: answer.delivery.outcome, reason: answer.delivery.reason ?? '' };
  return { outcome: 'rejected', reason: `HTTP ${answer.status}: ${answer.error.message}` };
}
