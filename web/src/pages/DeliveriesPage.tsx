import { useState } from 'react';
import { api } from '../api/client';
import type { DeliveryOutcome, Project } from '../api/types';
import { LoadMore } from '../components/LoadMore';
import { ScrollRegion } from '../components/ScrollRegion';
import { ErrorNotice, Loading } from '../components/Status';
import { useApiQuery } from '../lib/api-query';
import { formatDateTime } from '../lib/format';
import { providerName } from '../lib/providers';
import { Link, useLocation } from '../lib/router';
import { usePagedList } from '../lib/use-paged-list';
import { useTitle } from '../lib/use-title';

const OUTCOMES: readonly DeliveryOutcome[] = ['accepted', 'ignored', 'duplicate', 'rejected'];
const PAGE = 50;

interface DeliveriesPageProps {
  project: Project;
  webhookId: string;
}

/**
 * A webhook's recent deliveries, newest first, filtered by outcome, a page at a time. `?delivery=<id>` (a deployment
 * page's link) starts the log at that delivery and marks its row.
 */
export function DeliveriesPage({ project, webhookId }: DeliveriesPageProps) {
  const [outcome, setOutcome] = useState<DeliveryOutcome | ''>('');
  const { pathname, search } = useLocation();
  const at = search.get('delivery') || undefined;
  const webhook = useApiQuery(['webhook', webhookId], (signal) => api.getWebhook(webhookId, signal));
  const list = usePagedList(
    ['deliveries', webhookId, outcome, at ?? null],
    (before, signal) =>
      api.listDeliveries(
        webhookId,
        before
          ? { outcome: outcome || undefined, limit: PAGE, before }
          : { outcome: outcome || undefined, at, limit: PAGE },
        signal,
      ),
    (page) => page.deliveries,
  );
  const { first, rows } = list;
  const name = webhook.state.data?.name ?? 'Webhook';
  useTitle(`Deliveries of ${name}`);

  const page = first.state.data;

  const integrations = `/projects/${encodeURIComponent(project.id)}/settings/integrations`;
  return (
    <>
      <p>
        <Link to={integrations}>← Back to the integrations</Link>
      </p>
      <h1>Deliveries of {name}</h1>
      {webhook.state.data ? (
        <p className="muted">
          {providerName(webhook.state.data.provider)} webhook
          {webhook.state.data.revokedAt ? `, revoked ${formatDateTime(webhook.state.data.revokedAt)}` : ''}. Newest
          first.
        </p>
      ) : null}
      <ErrorNotice error={webhook.state.error} onRetry={webhook.reload} />
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="delivery-outcome">Outcome</label>
          <select
            id="delivery-outcome"
            className="input"
            value={outcome}
            onChange={(event) => setOutcome(event.target.value as DeliveryOutcome | '')}
          >
            <option value="">All outcomes</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button button-small" onClick={first.reload}>
          Refresh
        </button>
      </div>
      {at ? (
        <p data-testid="log-from-delivery">
          {page && rows[0]?.id !== at
            ? 'The delivery a deployment page led here from is not in this list; older ones follow. '
            : 'From the delivery a deployment page led here from (marked); older ones follow. '}
          <Link to={pathname}>Show the newest</Link>
        </p>
      ) : null}
      {first.state.status === 'loading' ? <Loading label="Loading deliveries…" /> : null}
      <ErrorNotice error={first.state.error} onRetry={first.reload} />
      {page && rows.length === 0 ? (
        <p className="empty">{outcome ? `No ${outcome} delivery.` : 'No delivery yet.'}</p>
      ) : null}
      {rows.length > 0 ? (
        <ScrollRegion label="Deliveries table">
          <table className="table table-stack">
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Event</th>
                <th scope="col">Outcome</th>
                <th scope="col">Status code</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr
                  key={d.id}
                  data-testid="delivery-row"
                  data-delivery-id={d.id}
                  className={d.id === at ? 'linked-delivery' : undefined}
                  aria-current={d.id === at ? 'true' : undefined}
                >
                  <td data-label="Received">
                    <time dateTime={d.receivedAt}>{formatDateTime(d.receivedAt, project.timeZone)}</time>
                  </td>
                  <td data-label="Event" className="mono">
                    {d.event ?? '—'}
                  </td>
                  <td data-label="Outcome">
                    <span className={`outcome outcome-${d.outcome}`}>{d.outcome}</span>
                  </td>
                  <td data-label="Status code">{d.httpStatus}</td>
                  <td data-label="Reason" className="reason">
                    {d.reason ?? '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      <LoadMore hasMore={list.hasMore} busy={list.busy} error={list.error} onLoad={list.loadMore} />
    </>
  );
}
