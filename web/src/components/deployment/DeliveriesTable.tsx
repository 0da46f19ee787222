import { api } from '../../api/client';
import { drillApi } from '../../api/drill';
import type { DeploymentDelivery } from '../../api/types';
import { useApiQuery } from '../../lib/api-query';
import { formatDateTime, plural } from '../../lib/format';
import { Link } from '../../lib/router';
import { usePagedList } from '../../lib/use-paged-list';
import { LoadMore } from '../LoadMore';
import { ScrollRegion } from '../ScrollRegion';
import { ErrorNotice, Loading } from '../Status';

/** The address of one delivery in its webhook's log: the log's page that starts at it. */
export function deliveryInLog(projectId: string, d: Pick<DeploymentDelivery, 'id' | 'webhookId'>): string {
  const webhook = `/projects/${encodeURIComponent(projectId)}/settings/integrations/webhooks/${encodeURIComponent(d.webhookId)}`;
  return `${webhook}?delivery=${encodeURIComponent(d.id)}`;
}

/**
 * The deliveries that carried a deployment (its creation, each status event, redeliveries), newest first, through
 * any webhook that is not revoked, each leading to its row in that webhook's delivery log.
 */
export function DeliveriesTable({
  projectId,
  deploymentId,
  timeZone,
}: {
  projectId: string;
  deploymentId: string;
  timeZone: string;
}) {
  // The webhooks' names, for the links (a viewer may read them too); without them the links still work.
  const webhooks = useApiQuery(['webhooks', projectId, false], (signal) => api.listWebhooks(projectId, false, signal));
  const nameOf = new Map((webhooks.state.data ?? []).map((w) => [w.id, w.name]));
  const list = usePagedList(
    ['deployment-deliveries', deploymentId],
    (cursor, signal) => drillApi.listDeploymentDeliveries(deploymentId, cursor, signal),
    (page) => page.deliveries,
  );
  const { first, rows, hasMore } = list;
  const page = first.state.data;

  return (
    <section className="section" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">
        {page
          ? `The ${plural(rows.length, 'delivery', 'deliveries')} that fed it${hasMore ? ' so far' : ''}`
          : 'Deliveries'}
      </h2>
      <p className="hint">
        Every delivery that carried this deployment, its creation or a status, newest first; a duplicate brought nothing
        new. Deliveries received before Shipwatch linked them to deployments are not listed: a replay of their webhook
        links those whose raw body is still kept.
      </p>
      {first.state.status === 'loading' && !page ? <Loading label="Loading deliveries…" /> : null}
      <ErrorNotice error={first.state.error} onRetry={first.reload} />
      {page && rows.length === 0 ? <p className="empty">No delivery is linked to this deployment.</p> : null}
      {rows.length > 0 ? (
        <ScrollRegion label="Deliveries that fed it">
          <table className="table table-stack drill-table">
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Event</th>
                <th scope="col">Outcome</th>
                <th scope="col">Delivery key</th>
                <th scope="col">In the log</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id} data-testid="deployment-delivery-row">
                  <td data-label="Received">
                    <time dateTime={d.receivedAt}>{formatDateTime(d.receivedAt, timeZone)}</time>
                  </td>
                  <td data-label="Event" className="mono">
                    {d.event ?? '—'}
                  </td>
                  <td data-label="Outcome">
                    <span className={`outcome outcome-${d.outcome}`}>{d.outcome}</span>
                  </td>
                  <td data-label="Delivery key" className="mono break">
                    {d.deliveryKey ?? <span className="muted">none</span>}
                  </td>
                  <td data-label="In the log" className="break">
                    <Link to={deliveryInLog(projectId, d)}>{nameOf.get(d.webhookId) ?? 'the webhook'}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      <LoadMore
        hasMore={hasMore}
        busy={list.busy}
        error={list.error}
        onLoad={list.loadMore}
        label="Load more deliveries"
      />
    </section>
  );
}
