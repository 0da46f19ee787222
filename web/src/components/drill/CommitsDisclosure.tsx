import { useState } from 'react';
import { drillApi } from '../../api/drill';
import { useApiQuery } from '../../lib/api-query';
import { deploymentHref } from '../../lib/figure-scope';
import { formatDuration, plural, shortSha } from '../../lib/format';
import { Link } from '../../lib/router';
import { ErrorNotice, Loading } from '../Status';

function CommitList({ projectId, deploymentId }: { projectId: string; deploymentId: string }) {
  // The same query as the deployment's page (its first page), so either one fills the other's cache.
  const query = useApiQuery(['deployment-commits', deploymentId], (signal) =>
    drillApi.listDeploymentCommits(deploymentId, undefined, signal),
  );
  const page = query.state.data;
  if (!page) {
    return (
      <>
        {query.state.status === 'loading' ? <Loading label="Loading commits…" /> : null}
        <ErrorNotice error={query.state.error} onRetry={query.reload} />
      </>
    );
  }
  return (
    <>
      <ul className="commit-list">
        {page.commits.map((c) => (
          <li key={c.sha}>
            <span className="mono">{shortSha(c.sha)}</span> {c.message?.split('\n')[0] ?? 'no message known'}:{' '}
            <strong>{formatDuration(c.leadTimeSeconds)}</strong>
            {c.excluded ? <span className="muted"> (excluded author, not counted)</span> : null}
          </li>
        ))}
      </ul>
      {page.nextCursor ? (
        <p>
          <Link to={deploymentHref(projectId, deploymentId)}>Every commit on the deployment's page</Link>
        </p>
      ) : null}
    </>
  );
}

/** A deployment's commits with their own lead times, read when opened: what the window's median is taken over. */
export function CommitsDisclosure({
  projectId,
  deploymentId,
  count,
}: {
  projectId: string;
  deploymentId: string;
  count: number;
}) {
  const [open, setOpen] = useState(false);
  return (
    <details className="commits-disclosure" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        {plural(count, 'commit')}
        <span className="visually-hidden">: show each one's lead time</span>
      </summary>
      {open ? <CommitList projectId={projectId} deploymentId={deploymentId} /> : null}
    </details>
  );
}
