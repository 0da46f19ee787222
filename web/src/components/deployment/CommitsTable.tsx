import { drillApi } from '../../api/drill';
import { formatDateTime, formatDuration, plural, shortSha } from '../../lib/format';
import { usePagedList } from '../../lib/use-paged-list';
import { LoadMore } from '../LoadMore';
import { ScrollRegion } from '../ScrollRegion';
import { ErrorNotice, Loading } from '../Status';

const subject = (message: string | null) => (message === null ? null : (message.split('\n')[0] ?? ''));

/** What a deployment brought, oldest first: message, author, its own lead time, excluded ones marked, pull request. */
export function CommitsTable({ deploymentId, timeZone }: { deploymentId: string; timeZone: string }) {
  const list = usePagedList(
    ['deployment-commits', deploymentId],
    (cursor, signal) => drillApi.listDeploymentCommits(deploymentId, cursor, signal),
    (page) => page.commits,
  );
  const { first, rows: commits, hasMore } = list;
  const page = first.state.data;

  return (
    <section className="section" aria-labelledby="commits-title">
      <h2 id="commits-title">
        {page ? `The ${plural(commits.length, 'commit')} it brought${hasMore ? ' so far' : ''}` : 'Commits'}
      </h2>
      <p className="hint">
        Each commit's lead time runs from the commit to this deployment's finish; the lead time tile is the median of
        these over the window. A commit of an excluded author is listed but left out of the figure.
      </p>
      {first.state.status === 'loading' && !page ? <Loading label="Loading commits…" /> : null}
      <ErrorNotice error={first.state.error} onRetry={first.reload} />
      {page && commits.length === 0 ? <p className="empty">It brought no commit Shipwatch knows of.</p> : null}
      {commits.length > 0 ? (
        <ScrollRegion label="Commits brought">
          <table className="table table-stack drill-table">
            <thead>
              <tr>
                <th scope="col">Commit</th>
                <th scope="col">Message</th>
                <th scope="col">Author</th>
                <th scope="col">Committed</th>
                <th scope="col">Lead time</th>
                <th scope="col">Pull request</th>
              </tr>
            </thead>
            <tbody>
              {commits.map((c) => (
                <tr key={c.sha} data-testid="commit-row" className={c.excluded ? 'excluded' : undefined}>
                  <td data-label="Commit">
                    <span className="mono" title={c.sha}>
                      {shortSha(c.sha)}
                    </span>
                  </td>
                  <td data-label="Message" className="break">
                    {subject(c.message) ?? <span className="muted">not known</span>}
                  </td>
                  <td data-label="Author" className="break">
                    {c.author.name ?? c.author.email ?? <span className="muted">not known</span>}
                  </td>
                  <td data-label="Committed">
                    <time dateTime={c.timestamp}>{formatDateTime(c.timestamp, timeZone)}</time>
                  </td>
                  <td data-label="Lead time">
                    <span>
                      {formatDuration(c.leadTimeSeconds)}
                      {c.excluded ? (
                        <span className="badge badge-none excluded-badge">excluded author, not counted</span>
                      ) : null}
                    </span>
                  </td>
                  <td data-label="Pull request" className="break">
                    {c.pullRequest === null ? (
                      <span className="muted">none</span>
                    ) : c.pullRequest.url ? (
                      <a href={c.pullRequest.url} target="_blank" rel="noreferrer noopener">
                        #{c.pullRequest.number} {c.pullRequest.title}
                      </a>
                    ) : (
                      `#${c.pullRequest.number} ${c.pullRequest.title}`
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      <LoadMore
        hasMore={list.hasMore}
        busy={list.busy}
        error={list.error}
        onLoad={list.loadMore}
        label="Load more commits"
      />
    </section>
  );
}
