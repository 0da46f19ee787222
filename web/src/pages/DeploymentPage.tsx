import { ApiError } from '../api/client';
import { drillApi } from '../api/drill';
import type { Deployment, Project } from '../api/types';
import { CommitsTable } from '../components/deployment/CommitsTable';
import { DeliveriesTable } from '../components/deployment/DeliveriesTable';
import { DeploymentJudgement } from '../components/deployment/DeploymentJudgement';
import { CauseList, ReworkText } from '../components/drill/CauseList';
import { IncidentsTable } from '../components/drill/IncidentsTable';
import { PullRequestsTable } from '../components/drill/PullRequestsTable';
import { ErrorNotice, Loading } from '../components/Status';
import { useApiQuery } from '../lib/api-query';
import { formatDateTime, formatDuration, plural, shortSha } from '../lib/format';
import { providerName } from '../lib/providers';
import { useTitle } from '../lib/use-title';

const STATUS_NAMES: Record<Deployment['status'], string> = {
  success: 'Success',
  failure: 'Failed',
  canceled: 'Canceled',
  in_progress: 'In progress',
  pending: 'Pending',
};

function verdictText(d: Deployment): string {
  if (d.failedChange === null) return 'Not judged: it neither succeeded nor failed.';
  return d.failedChange ? 'Counts as a failed change.' : 'Not a failed change.';
}

function Facts({ d, timeZone }: { d: Deployment; timeZone: string }) {
  return (
    <dl className="facts" data-testid="deployment-facts">
      <div>
        <dt>Status</dt>
        <dd>
          <span className={`status status-${d.status}`}>{STATUS_NAMES[d.status]}</span>
          {d.url ? (
            <>
              {' '}
              <a href={d.url} target="_blank" rel="noreferrer noopener">
                the run at {providerName(d.provider)}
              </a>
            </>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>Environment</dt>
        <dd>
          {d.environment}{' '}
          <span className="muted">
            {d.production ? '(counted in the figures)' : '(not production: no figure counts it)'}
          </span>
        </dd>
      </div>
      <div>
        <dt>Repository</dt>
        <dd className="break">{d.repository ?? 'none named'}</dd>
      </div>
      <div>
        <dt>Commit</dt>
        <dd>
          {d.commitUrl ? (
            <a href={d.commitUrl} target="_blank" rel="noreferrer noopener" className="mono" title={d.sha ?? undefined}>
              {shortSha(d.sha)}
            </a>
          ) : (
            <span className="mono">{shortSha(d.sha)}</span>
          )}
          {d.ref ? <span className="muted"> ({d.ref})</span> : null}
        </dd>
      </div>
      <div>
        <dt>Started</dt>
        <dd>{formatDateTime(d.startedAt, timeZone)}</dd>
      </div>
      <div>
        <dt>Finished</dt>
        <dd>{d.finishedAt ? formatDateTime(d.finishedAt, timeZone) : 'not finished'}</dd>
      </div>
      <div>
        <dt>Lead time (oldest commit)</dt>
        <dd>
          {formatDuration(d.leadTimeSeconds)}
          {d.commits !== null ? ` over ${plural(d.commits, 'commit')}${d.commitsComplete ? '' : ' at least'}` : ''}
        </dd>
      </div>
    </dl>
  );
}

function AttributedIncidents({ project, d }: { project: Project; d: Deployment }) {
  // Incidents are attributed to a deployment that finished before they started (or by its commit): the list from
  // its finish on holds them; the API has no filter by deployment.
  const from = d.finishedAt ?? d.startedAt ?? undefined;
  const incidents = useApiQuery(['incidents', project.id, { deployment: d.id }], async (signal) => {
    if (!from || !d.production || d.status !== 'success') return [];
    const page = await drillApi.listIncidents(project.id, { from, limit: 500 }, signal);
    return page.incidents.filter((incident) => incident.deploymentId === d.id);
  });
  const list = incidents.state.data;
  return (
    <section className="section" aria-labelledby="incidents-title">
      <h2 id="incidents-title">{list ? `${plural(list.length, 'incident')} put down to it` : 'Incidents'}</h2>
      {incidents.state.status === 'loading' && !list ? <Loading label="Loading incidents…" /> : null}
      <ErrorNotice error={incidents.state.error} onRetry={incidents.reload} />
      {list && list.length === 0 ? <p className="empty">No incident is attributed to this deployment.</p> : null}
      {list && list.length > 0 ? (
        <IncidentsTable projectId={project.id} timeZone={project.timeZone} incidents={list} showDeployment={false} />
      ) : null}
    </section>
  );
}

function PullRequests({ project, deploymentId }: { project: Project; deploymentId: string }) {
  const pulls = useApiQuery(['deployment-pull-requests', deploymentId], (signal) =>
    drillApi.listDeploymentPullRequests(deploymentId, signal),
  );
  const list = pulls.state.data;
  return (
    <section className="section" aria-labelledby="pulls-title">
      <h2 id="pulls-title">
        {list ? `The ${plural(list.length, 'merged pull request')} it brought` : 'Pull requests'}
      </h2>
      {pulls.state.status === 'loading' && !list ? <Loading label="Loading pull requests…" /> : null}
      <ErrorNotice error={pulls.state.error} onRetry={pulls.reload} />
      {list && list.length === 0 ? <p className="empty">It brought no merged pull request.</p> : null}
      {list && list.length > 0 ? (
        <PullRequestsTable
          projectId={project.id}
          timeZone={project.timeZone}
          pullRequests={list}
          showDeployment={false}
        />
      ) : null}
    </section>
  );
}

/**
 * One deployment (`/projects/:id/deployments/:deploymentId`): its facts, why it counts as a failed change or rework
 * (with links to what revealed it), the commits and pull requests it brought, the incidents put down to it, the
 * deliveries that fed it (each leading to its webhook's log), and a person's overrides.
 */
export function DeploymentPage({ project, deploymentId }: { project: Project; deploymentId: string }) {
  const { state, reload, setData } = useApiQuery(['deployment', deploymentId], (signal) =>
    drillApi.getDeployment(deploymentId, signal),
  );
  const d = state.data;
  useTitle(d ? `Deployment ${shortSha(d.sha)} to ${d.environment}` : 'Deployment');
  if (!d) {
    const notFound = state.error instanceof ApiError && state.error.status === 404;
    return (
      <>
        <h1>{notFound ? 'Deployment not found' : 'Deployment'}</h1>
        {state.status === 'loading' ? <Loading label="Loading the deployment…" /> : null}
        <ErrorNotice error={state.error} onRetry={notFound ? undefined : reload} />
      </>
    );
  }
  return (
    <>
      <h1>
        Deployment of <span className="mono">{shortSha(d.sha)}</span> to {d.environment}
      </h1>
      <Facts d={d} timeZone={project.timeZone} />
      <section className="section" aria-labelledby="verdict-title">
        <h2 id="verdict-title">Failed change and rework</h2>
        <p data-testid="verdict">{verdictText(d)}</p>
        <CauseList projectId={project.id} deployment={d} />
        <p>
          Rework: <ReworkText projectId={project.id} deployment={d} />
        </p>
      </section>
      <DeploymentJudgement key={`judge-${d.id}`} deployment={d} onChanged={(updated) => setData(() => updated)} />
      <CommitsTable key={`commits-${d.id}`} deploymentId={d.id} timeZone={project.timeZone} />
      <PullRequests project={project} deploymentId={d.id} />
      <AttributedIncidents project={project} d={d} />
      {d.webhookId ? (
        <DeliveriesTable
          key={`deliveries-${d.id}`}
          projectId={project.id}
          deploymentId={d.id}
          timeZone={project.timeZone}
        />
      ) : (
        <section className="section" aria-labelledby="deliveries-title">
          <h2 id="deliveries-title">Deliveries</h2>
          <p className="muted">The webhooks it came through are revoked: their deliveries are gone.</p>
        </section>
      )}
    </>
  );
}
