import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database, DeploymentsTable } from '../db/schema.js';
import { type DeploymentStatus, isTerminal, type TerminalStatus, terminalBeats } from '../domain/index.js';

interface EventRow {
  status: string;
  at: number;
}

/**
 * A deployment's status from all its stored status events, whatever order they arrived in: the terminal event
 * with the latest provider time decides (on a tie failure > success > canceled); without one, the latest
 * non-terminal event (in_progress over pending on a tie); with no event at all, `pending`.
 */
export function statusFromEvents(events: readonly EventRow[]): {
  status: DeploymentStatus;
  statusAt: number | null;
  finishedAt: number | null;
  firstAt: number | null;
} {
  let terminal: { status: TerminalStatus; at: number } | null = null;
  let latest: { status: DeploymentStatus; at: number } | null = null;
  let firstAt: number | null = null;
  for (const event of events) {
    const status = event.status as DeploymentStatus;
    if (firstAt === null || event.at < firstAt) firstAt = event.at;
    if (isTerminal(status)) {
      const candidate = { status, at: event.at };
      if (terminal === null || terminalBeats(candidate, terminal)) terminal = candidate;
    } else if (latest === null || event.at > latest.at || (event.at === latest.at && status === 'in_progress')) {
      latest = { status, at: event.at };
    }
  }
  if (terminal !== null) return { status: terminal.status, statusAt: terminal.at, finishedAt: terminal.at, firstAt };
  if (latest !== null) return { status: latest.status, statusAt: latest.at, finishedAt: null, firstAt };
  return { status: 'pending', statusAt: null, finishedAt: null, firstAt };
}

const selectEvents = prepared<{ deployment_id: string }, EventRow>((db, p) =>
  db.selectFrom('deployment_events').select(['status', 'at']).where('deployment_id', '=', p('deployment_id')),
);
type StatusColumns = Pick<
  DeploymentsTable,
  'id' | 'status' | 'status_at' | 'finished_at' | 'started_at' | 'change_failure'
>;
const updateStatus = prepared<StatusColumns>((db, p) =>
  db
    .updateTable('deployments')
    .set({
      status: p('status'),
      status_at: p('status_at'),
      finished_at: p('finished_at'),
      started_at: p('started_at'),
      change_failure: p('change_failure'),
    })
    .where('id', '=', p('id')),
);

/** Rewrites a deployment's status and finish time from its events; returns the new status and finish time. */
export async function recomputeDeploymentStatus(
  db: Kysely<Database>,
  deploymentId: string,
  /** The deployment's start and judgement as the caller just read them, to spare reading them again. */
  known?: { started_at: number | null; change_failure: number | null },
): Promise<{ status: DeploymentStatus; finishedAt: number | null }> {
  const events = (await selectEvents.run(db, { deployment_id: deploymentId })).rows;
  const derived = statusFromEvents(events);
  const current =
    known ??
    (await db
      .selectFrom('deployments')
      .select(['started_at', 'change_failure'])
      .where('id', '=', deploymentId)
      .executeTakeFirstOrThrow());
  // A person's changeFailure judgement only applies to a success or a failure (CONTRACT.md).
  const keepJudgement = derived.status === 'success' || derived.status === 'failure';
  await updateStatus.run(db, {
    id: deploymentId,
    status: derived.status,
    status_at: derived.statusAt,
    finished_at: derived.finishedAt,
    started_at: current.started_at ?? derived.firstAt,
    change_failure: keepJudgement ? current.change_failure : null,
  });
  return { status: derived.status, finishedAt: derived.finishedAt };
}
