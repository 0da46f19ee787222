import type { Incident } from '../../api/types';
import { deploymentHref } from '../../lib/figure-scope';
import { formatDateTime, formatDuration } from '../../lib/format';
import { Link } from '../../lib/router';
import { ScrollRegion } from '../ScrollRegion';

const ATTRIBUTION: Record<NonNullable<Incident['attribution']>, string> = {
  manual: 'linked by a person',
  sha: 'by its commit',
  window: 'by time',
};

function restoreSeconds(incident: Incident): number | null {
  if (incident.resolvedAt === null) return null;
  return Math.max(0, (Date.parse(incident.resolvedAt) - Date.parse(incident.startedAt)) / 1000);
}

/** Incidents with their time to restore and the deployment each is put down to. */
export function IncidentsTable({
  projectId,
  timeZone,
  incidents,
  showDeployment,
}: {
  projectId: string;
  timeZone: string;
  incidents: Incident[];
  showDeployment: boolean;
}) {
  return (
    <ScrollRegion label="Incidents">
      <table className="table table-stack drill-table">
        <thead>
          <tr>
            <th scope="col">Incident</th>
            <th scope="col">Started</th>
            <th scope="col">Time to restore</th>
            {showDeployment ? <th scope="col">Caused by</th> : <th scope="col">Attributed</th>}
          </tr>
        </thead>
        <tbody>
          {incidents.map((incident) => (
            <tr key={incident.id} data-testid="incident-row">
              <td data-label="Incident" className="break">
                <span>
                  {incident.url ? (
                    <a href={incident.url} target="_blank" rel="noreferrer noopener">
                      {incident.title ?? incident.id}
                    </a>
                  ) : (
                    (incident.title ?? incident.id)
                  )}
                  {incident.repository ? <span className="muted"> ({incident.repository})</span> : null}
                </span>
              </td>
              <td data-label="Started">
                <time dateTime={incident.startedAt}>{formatDateTime(incident.startedAt, timeZone)}</time>
              </td>
              <td data-label="Time to restore">
                {incident.status === 'open' ? (
                  <span className="muted">still open</span>
                ) : (
                  formatDuration(restoreSeconds(incident))
                )}
              </td>
              <td data-label={showDeployment ? 'Caused by' : 'Attributed'}>
                <span>
                  {incident.deploymentId && showDeployment ? (
                    <Link to={deploymentHref(projectId, incident.deploymentId)}>
                      a deployment<span className="visually-hidden"> (the one this incident is put down to)</span>
                    </Link>
                  ) : null}
                  {incident.deploymentId === null ? <span className="muted">no deployment</span> : null}
                  {incident.attribution ? <span className="muted"> ({ATTRIBUTION[incident.attribution]})</span> : null}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
