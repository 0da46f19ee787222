import { drillApi } from '../../api/drill';
import type { Deployment, Metrics, Project } from '../../api/types';
import { useApiQuery } from '../../lib/api-query';
import type { DoraKey } from '../../lib/dora-keys';
import { formatDuration, plural } from '../../lib/format';
import { ErrorNotice, Loading } from '../Status';
import { type DeploymentColumn, DeploymentRowsTable } from './DeploymentRowsTable';
import { IncidentsTable } from './IncidentsTable';
import { PullRequestsTable } from './PullRequestsTable';
import { StreaksTable } from './StreaksTable';
import { type ScopeQuery, useScopeDeployments, useScopeIncidents } from './use-scope-rows';

interface RowsProps {
  project: Project;
  scope: ScopeQuery;
  figures: Metrics | undefined;
}

/** Which of the window's production deployments a figure counts, and how to show them. */
const DEPLOYMENT_FIGURES: Partial<
  Record<
    DoraKey,
    { keep: (d: Deployment) => boolean; columns: DeploymentColumn[]; what: [string, string]; label: string }
  >
> = {
  deploymentFrequency: {
    keep: (d) => d.status === 'success',
    columns: ['finished', 'repository', 'commit', 'commits'],
    what: ['successful production deployment', 'successful production deployments'],
    label: 'Deployments counted',
  },
  changeFailureRate: {
    keep: (d) => d.failedChange === true,
    columns: ['finished', 'status', 'repository', 'causes'],
    what: ['failed change', 'failed changes'],
    label: 'Failed changes and their causes',
  },
  reworkRate: {
    keep: (d) => d.status === 'success' && d.rework !== null,
    columns: ['finished', 'repository', 'commit', 'rework'],
    what: ['rework deployment', 'rework deployments'],
    label: 'Rework deployments',
  },
  leadTimeForChanges: {
    keep: (d) => d.status === 'success' && (d.commits ?? 0) > 0,
    columns: ['finished', 'repository', 'leadTime', 'commitList'],
    what: ['deployment that brought commits', 'deployments that brought commits'],
    label: 'Deployments that brought commits',
  },
};

function DeploymentFigureRows({ project, scope, figure }: RowsProps & { figure: DoraKey }) {
  const rows = useScopeDeployments(scope);
  const spec = DEPLOYMENT_FIGURES[figure];
  if (!spec) return null;
  const data = rows.state.data;
  const kept = data ? data.items.filter(spec.keep) : [];
  return (
    <section className="section" aria-labelledby="rows-title">
      <h2 id="rows-title">{data ? `The ${plural(kept.length, ...spec.what)}` : spec.label}</h2>
      {rows.state.status === 'loading' && !data ? <Loading label="Loading deployments…" /> : null}
      <ErrorNotice error={rows.state.error} onRetry={rows.reload} />
      {data?.truncated ? (
        <p className="hint">The window holds more than 10,000 deployments: the newest are listed.</p>
      ) : null}
      {data && kept.length === 0 ? <p className="empty">None in this window.</p> : null}
      {kept.length > 0 ? (
        <DeploymentRowsTable
          projectId={project.id}
          timeZone={project.timeZone}
          deployments={kept}
          columns={spec.columns}
          label={spec.label}
        />
      ) : null}
    </section>
  );
}

function LeadTimeRows({ project, scope, figures }: RowsProps) {
  const pulls = useApiQuery(['pull-requests', scope.projectId, scope.from, scope.to, scope.repository], (signal) =>
    drillApi.listWindowPullRequests(scope.projectId, scope, signal),
  );
  const lead = figures?.leadTimeForChanges;
  return (
    <>
      {lead ? (
        <section className="section" aria-labelledby="median-title">
          <h2 id="median-title">The median and its stages</h2>
          <p>
            The median of {plural(lead.commits, 'commit')} from {plural(lead.deploymentsWithCommits, 'deployment')} is{' '}
            <strong>{formatDuration(lead.medianSeconds)}</strong>
            {lead.excludedCommits > 0 ? `; ${plural(lead.excludedCommits, 'commit')} of excluded authors left out` : ''}
            . A row below gives a deployment's lead time from its oldest commit, the longest any of its commits waited;
            open its commits for each one's own lead time: the median is taken over those.
          </p>
          <dl className="stages" data-testid="stages">
            <div>
              <dt>Coding (first commit to pull request opened)</dt>
              <dd>{formatDuration(lead.stages.codingSeconds)}</dd>
            </div>
            <div>
              <dt>Review (opened to merged)</dt>
              <dd>{formatDuration(lead.stages.reviewSeconds)}</dd>
            </div>
            <div>
              <dt>Deploy (merged to deployed)</dt>
              <dd>{formatDuration(lead.stages.deploySeconds)}</dd>
            </div>
          </dl>
        </section>
      ) : null}
      <DeploymentFigureRows project={project} scope={scope} figures={figures} figure="leadTimeForChanges" />
      <section className="section" aria-labelledby="pulls-title">
        <h2 id="pulls-title">
          {pulls.state.data ? `The ${plural(pulls.state.data.length, 'merged pull request')}` : 'Pull requests'}
        </h2>
        {pulls.state.status === 'loading' && !pulls.state.data ? <Loading label="Loading pull requests…" /> : null}
        <ErrorNotice error={pulls.state.error} onRetry={pulls.reload} />
        {pulls.state.data && pulls.state.data.length === 0 ? (
          <p className="empty">No merged pull request was deployed in this window.</p>
        ) : null}
        {pulls.state.data && pulls.state.data.length > 0 ? (
          <PullRequestsTable
            projectId={project.id}
            timeZone={project.timeZone}
            pullRequests={pulls.state.data}
            showDeployment
          />
        ) : null}
      </section>
    </>
  );
}

function StreakRows({ project, scope }: RowsProps) {
  const streaks = useApiQuery(['streaks', scope.projectId, scope.from, scope.to, scope.repository], (signal) =>
    drillApi.listStreaks(scope.projectId, scope, signal),
  );
  const list = streaks.state.data?.streaks;
  return (
    <section className="section" aria-labelledby="rows-title">
      <h2 id="rows-title">{list ? `The ${plural(list.length, 'failure streak')}` : 'Failure streaks'}</h2>
      <p className="hint">
        A streak is a run of failed changes in one repository and environment; the next successful deployment that is
        not itself a failed change ends it, maybe after the window. The streaks that start in the window count.
      </p>
      {streaks.state.status === 'loading' && !list ? <Loading label="Loading streaks…" /> : null}
      <ErrorNotice error={streaks.state.error} onRetry={streaks.reload} />
      {list && list.length === 0 ? <p className="empty">No streak started in this window.</p> : null}
      {list && list.length > 0 ? (
        <StreaksTable projectId={project.id} timeZone={project.timeZone} streaks={list} />
      ) : null}
    </section>
  );
}

function IncidentRows({ project, scope }: RowsProps) {
  const incidents = useScopeIncidents(scope);
  const data = incidents.state.data;
  return (
    <section className="section" aria-labelledby="rows-title">
      <h2 id="rows-title">{data ? `The ${plural(data.items.length, 'incident')}` : 'Incidents'}</h2>
      {incidents.state.status === 'loading' && !data ? <Loading label="Loading incidents…" /> : null}
      <ErrorNotice error={incidents.state.error} onRetry={incidents.reload} />
      {data && data.items.length === 0 ? <p className="empty">No incident started in this window.</p> : null}
      {data && data.items.length > 0 ? (
        <IncidentsTable projectId={project.id} timeZone={project.timeZone} incidents={data.items} showDeployment />
      ) : null}
    </section>
  );
}

/** The rows behind one figure, read over the same window and repository as the figure. */
export function FigureRows(props: RowsProps & { figure: DoraKey }) {
  switch (props.figure) {
    case 'leadTimeForChanges':
      return <LeadTimeRows {...props} />;
    case 'failedDeploymentRecoveryTime':
      return <StreakRows {...props} />;
    case 'timeToRestoreService':
      return <IncidentRows {...props} />;
    default:
      return <DeploymentFigureRows {...props} />;
  }
}
