/** A deployment's normalized status (CONTRACT.md, "Deployments and environments"). */
export type DeploymentStatus = 'success' | 'failure' | 'canceled' | 'in_progress' | 'pending';

export const TERMINAL_STATUSES = ['success', 'failure', 'canceled'] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export function isTerminal(status: DeploymentStatus): status is TerminalStatus {
  return status === 'success' || status === 'failure' || status === 'canceled';
}

/** On a tie of provider time, failure wins over success, and success over canceled. */
const TIE_RANK: Record<TerminalStatus, number> = { failure: 3, success: 2, canceled: 1 };

/**
 * Whether terminal event `a` (status, provider time in ms) beats terminal event `b`:
 * the latest provider time wins; on a tie, failure > success > canceled.
 */
export function terminalBeats(
  a: { status: TerminalStatus; at: number },
  b: { status: TerminalStatus; at: number },
): boolean {
  if (a.at !== b.at) return a.at > b.at;
  return TIE_RANK[a.status] > TIE_RANK[b.status];
}
