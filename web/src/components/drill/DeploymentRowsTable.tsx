import type { ReactNode } from 'react';
import type { Deployment } from '../../api/types';
import { deploymentHref } from '../../lib/figure-scope';
import { formatDateTime, formatDuration, shortSha } from '../../lib/format';
import { Link } from '../../lib/router';
import { ScrollRegion } from '../ScrollRegion';
import { CauseList, ReworkText } from './CauseList';
import { CommitsDisclosure } from './CommitsDisclosure';

export type DeploymentColumn =
  | 'finished'
  | 'status'
  | 'repository'
  | 'commit'
  | 'commits'
  | 'commitList'
  | 'leadTime'
  | 'causes'
  | 'rework';

const STATUS_NAMES: Record<Deployment['status'], string> = {
  success: 'Success',
  failure: 'Failed',
  canceled: 'Canceled',
  in_progress: 'In progress',
  pending: 'Pending',
};

const HEADINGS: Record<DeploymentColumn, string> = {
  finished: 'Finished',
  status: 'Status',
  repository: 'Repository, environment',
  commit: 'Commit',
  commits: 'Commits brought',
  commitList: 'Commits and their lead times',
  leadTime: 'Lead time (oldest commit)',
  causes: 'Why it failed',
  rework: 'Rework',
};

interface Props {
  projectId: string;
  timeZone: string;
  deployments: Deployment[];
  columns: DeploymentColumn[];
  label: string;
}

/** The deployments behind a figure, each leading to its page; a card per row on a phone (`.table-stack`). */
export function DeploymentRowsTable({ projectId, timeZone, deployments, columns, label }: Props) {
  const cell = (d: Deployment, column: DeploymentColumn): ReactNode => {
    switch (column) {
      case 'finished':
        return (
          <Link to={deploymentHref(projectId, d.id)}>
            {d.finishedAt ? <time dateTime={d.finishedAt}>{formatDateTime(d.finishedAt, timeZone)}</time> : '—'}
            <span className="visually-hidden"> (deployment of {shortSha(d.sha)})</span>
          </Link>
        );
      case 'status':
        return <span className={`status status-${d.status}`}>{STATUS_NAMES[d.status]}</span>;
      case 'repository':
        return `${d.repository ?? 'no repository'}, ${d.environment}`;
      case 'commit':
        return (
          <span className="mono" title={d.sha ?? undefined}>
            {shortSha(d.sha)}
          </span>
        );
      case 'commits':
        if (d.commits === null) return 'unknown';
        return d.commitsComplete ? String(d.commits) : `at least ${d.commits}`;
      case 'commitList':
        return d.commits ? <CommitsDisclosure projectId={projectId} deploymentId={d.id} count={d.commits} /> : '—';
      case 'leadTime':
        return formatDuration(d.leadTimeSeconds);
      case 'causes':
        return <CauseList projectId={projectId} deployment={d} />;
      case 'rework':
        return <ReworkText projectId={projectId} deployment={d} />;
    }
  };
  return (
    <ScrollRegion label={label}>
      <table className="table table-stack drill-table">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {HEADINGS[column]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {deployments.map((d) => (
            <tr key={d.id} data-testid="drill-row">
              {columns.map((column) => (
                <td key={column} data-label={HEADINGS[column]} className={column === 'causes' ? 'break' : undefined}>
                  {cell(d, column)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
