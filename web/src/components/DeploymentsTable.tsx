import { useState } from 'react';
import { api } from '../api/client';
import type { Deployment, DeploymentStatus } from '../api/types';
import { deploymentHref } from '../lib/figure-scope';
import { formatDateTime, formatDuration, shortSha } from '../lib/format';
import { Link } from '../lib/router';
import { useAccess } from '../lib/use-access';
import { ScrollRegion } from './ScrollRegion';
import { ErrorNotice } from './Status';

const STATUS_NAMES: Record<DeploymentStatus, string> = {
  success: 'Success',
  failure: 'Failed',
  canceled: 'Canceled',
  in_progress: 'In progress',
  pending: 'Pending',
};

function commitsText(deployment: Deployment): string {
  // Only a successful production deployment brings commits; for the others the count does not apply.
  if (deployment.status !== 'success' || !deployment.production) return '—';
  if (deployment.commits === null) return 'unknown';
  return deployment.commitsComplete ? String(deployment.commits) : `at least ${deployment.commits}`;
}

/** What the change failure rate counts this deployment as, after a person's judgement. */
function countsAs(deployment: Deployment): string {
  const failed =
    deployment.status === 'failure' ? deployment.changeFailure !== false : deployment.changeFailure === true;
  return failed ? 'Counts as a failed change' : 'Not a failed change';
}

interface ChangeFailureSelectProps {
  deployment: Deployment;
  onChanged: (deployment: Deployment) => void;
}

/** Never disabled while saving: a disabled select drops the keyboard focus (a second change waits for the first). */
function ChangeFailureSelect({ deployment, onChanged }: ChangeFailureSelectProps) {
  const { canWrite } = useAccess();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const id = `change-failure-${deployment.id}`;
  const judged = deployment.status === 'success' || deployment.status === 'failure';
  const value = deployment.changeFailure === null ? 'auto' : String(deployment.changeFailure);

  const change = async (next: string) => {
    if (busy) return;
    const changeFailure = next === 'auto' ? null : next === 'true';
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await api.setChangeFailure(deployment.id, changeFailure));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (!judged) return <span className="muted">Only finished deployments</span>;
  if (!canWrite) return <span className="hint">{countsAs(deployment)}</span>;
  return (
    <div className="change-failure">
      <label htmlFor={id} className="visually-hidden">
        Failed change? Deployment {shortSha(deployment.sha)} to {deployment.environment}
      </label>
      <select
        id={id}
        className="input input-small"
        value={value}
        aria-busy={busy}
        aria-describedby={`${id}-counts`}
        onChange={(event) => change(event.target.value)}
      >
        <option value="auto">By status ({deployment.status === 'failure' ? 'failed' : 'not failed'})</option>
        <option value="true">Failed change</option>
        <option value="false">Not a failed change</option>
      </select>
      <span id={`${id}-counts`} className="hint">
        {countsAs(deployment)}
      </span>
      <ErrorNotice error={error} />
    </div>
  );
}

interface DeploymentsTableProps {
  projectId: string;
  deployments: Deployment[];
  timeZone: string;
  onChanged: (deployment: Deployment) => void;
}

/**
 * Recent production deployments, each with the judgement a person may add to the change failure rate. On a narrow
 * screen each row becomes a card of labelled lines (`.table-stack`) instead of a table scrolling sideways.
 */
export function DeploymentsTable({ projectId, deployments, timeZone, onChanged }: DeploymentsTableProps) {
  return (
    <ScrollRegion label="Deployments table">
      <table className="table deployments table-stack">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Environment</th>
            <th scope="col">Repository</th>
            <th scope="col">Commit</th>
            <th scope="col">Finished</th>
            <th scope="col">Lead time (oldest commit)</th>
            <th scope="col">Commits</th>
            <th scope="col">Failed change?</th>
          </tr>
        </thead>
        <tbody>
          {deployments.map((d) => (
            <tr key={d.id} data-testid="deployment-row">
              <td data-label="Status">
                <span>
                  <span className={`status status-${d.status}`}>{STATUS_NAMES[d.status]}</span>
                  {d.url ? (
                    <>
                      {' '}
                      <a href={d.url} target="_blank" rel="noreferrer noopener" className="small-link">
                        run<span className="visually-hidden"> of {shortSha(d.sha)} (opens the provider)</span>
                      </a>
                    </>
                  ) : null}
                </span>
              </td>
              <td data-label="Environment">{d.environment}</td>
              <td data-label="Repository" className="break">
                {d.repository ?? '—'}
              </td>
              <td data-label="Commit">
                {d.sha && d.commitUrl ? (
                  <a href={d.commitUrl} target="_blank" rel="noreferrer noopener" className="mono" title={d.sha}>
                    {shortSha(d.sha)}
                  </a>
                ) : (
                  <span className="mono" title={d.sha ?? undefined}>
                    {shortSha(d.sha)}
                  </span>
                )}
              </td>
              <td data-label="Finished">
                <Link to={deploymentHref(projectId, d.id)} data-testid="deployment-link">
                  {d.finishedAt ? (
                    <time dateTime={d.finishedAt}>{formatDateTime(d.finishedAt, timeZone)}</time>
                  ) : (
                    'not finished'
                  )}
                  <span className="visually-hidden">
                    {' '}
                    (deployment of {shortSha(d.sha)} to {d.environment}: its commits and causes)
                  </span>
                </Link>
              </td>
              <td data-label="Lead time (oldest commit)">{formatDuration(d.leadTimeSeconds)}</td>
              <td data-label="Commits">{commitsText(d)}</td>
              <td data-label="Failed change?">
                <ChangeFailureSelect deployment={d} onChanged={onChanged} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
