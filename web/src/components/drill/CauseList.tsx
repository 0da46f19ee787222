import type { Deployment } from '../../api/types';
import { deploymentHref } from '../../lib/figure-scope';
import { Link } from '../../lib/router';

const CAUSE_NAMES: Record<Deployment['failureCauses'][number]['kind'], string> = {
  failed_status: 'Failed status',
  rollback: 'Rolled back',
  revert: 'Reverted',
  hotfix: 'Hotfixed',
  incident: 'Incident',
};

const REWORK_NAMES: Record<NonNullable<Deployment['rework']>['kind'], string> = {
  rollback: 'Rollback',
  revert: 'Revert',
  hotfix: 'Hotfix',
  manual: 'Marked by a person',
};

/**
 * Why a deployment counts as a failed change: each automatic cause with its sentence and a link to what revealed
 * it (a deployment's page; an incident's sentence names it, and the deployment's page lists its incidents), and a
 * person's mark.
 */
export function CauseList({ projectId, deployment }: { projectId: string; deployment: Deployment }) {
  const causes = deployment.failureCauses;
  const mark =
    deployment.changeFailure === true
      ? 'A person marked it a failed change.'
      : deployment.changeFailure === false
        ? 'A person marked it not a failed change, whatever the causes.'
        : null;
  if (causes.length === 0 && mark === null) return <span className="muted">No cause</span>;
  return (
    <ul className="cause-list">
      {causes.map((cause) => (
        <li key={`${cause.kind}-${cause.by ?? ''}`}>
          <strong>{CAUSE_NAMES[cause.kind]}</strong>: {cause.detail}
          {cause.by && cause.kind !== 'incident' ? (
            <>
              {' '}
              <Link to={deploymentHref(projectId, cause.by)}>the deployment that revealed it</Link>
            </>
          ) : null}
        </li>
      ))}
      {mark ? <li>{mark}</li> : null}
    </ul>
  );
}

/** A deployment's rework: its kind and a link to the deployment it reworks. */
export function ReworkText({ projectId, deployment }: { projectId: string; deployment: Deployment }) {
  const rework = deployment.rework;
  if (rework === null) return <span className="muted">None</span>;
  return (
    <span>
      {REWORK_NAMES[rework.kind]}
      {rework.of ? (
        <>
          {' of '}
          <Link to={deploymentHref(projectId, rework.of)}>the deployment it reworks</Link>
        </>
      ) : null}
      {deployment.reworkOverride === true ? <span className="muted"> (a person's mark)</span> : null}
    </span>
  );
}
