import type { RecoveryStreak } from '../../api/types';
import { deploymentHref } from '../../lib/figure-scope';
import { formatDateTime, formatDuration, plural } from '../../lib/format';
import { Link } from '../../lib/router';
import { ScrollRegion } from '../ScrollRegion';

/** The failure streaks that start in the window: first failure, the failed changes, the success that ended it. */
export function StreaksTable({
  projectId,
  timeZone,
  streaks,
}: {
  projectId: string;
  timeZone: string;
  streaks: RecoveryStreak[];
}) {
  return (
    <ScrollRegion label="Failure streaks">
      <table className="table table-stack drill-table">
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Repository, environment</th>
            <th scope="col">Failed changes</th>
            <th scope="col">Recovered by</th>
            <th scope="col">Recovery time</th>
          </tr>
        </thead>
        <tbody>
          {streaks.map((streak) => (
            <tr key={streak.failureIds[0] ?? streak.startedAt} data-testid="streak-row">
              <td data-label="Started">
                <time dateTime={streak.startedAt}>{formatDateTime(streak.startedAt, timeZone)}</time>
              </td>
              <td data-label="Repository, environment" className="break">
                {streak.repository ?? 'no repository'}, {streak.environment}
              </td>
              <td data-label="Failed changes">
                <span>
                  <span className="link-list">
                    {streak.failureIds.map((id, i) => (
                      <Link key={id} to={deploymentHref(projectId, id)}>
                        {i === 0 ? 'first failure' : `failure ${i + 1}`}
                        <span className="visually-hidden">
                          {' '}
                          of the streak started {formatDateTime(streak.startedAt, timeZone)}
                        </span>
                      </Link>
                    ))}
                  </span>
                  <span className="visually-hidden">{plural(streak.failureIds.length, 'failed change')}</span>
                </span>
              </td>
              <td data-label="Recovered by">
                {streak.recoveryId && streak.recoveredAt ? (
                  <Link to={deploymentHref(projectId, streak.recoveryId)}>
                    <time dateTime={streak.recoveredAt}>{formatDateTime(streak.recoveredAt, timeZone)}</time>
                    <span className="visually-hidden"> (the recovering deployment)</span>
                  </Link>
                ) : (
                  <span className="muted">not recovered yet</span>
                )}
              </td>
              <td data-label="Recovery time">{formatDuration(streak.recoverySeconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
