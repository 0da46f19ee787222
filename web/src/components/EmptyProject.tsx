import type { Webhook } from '../api/types';
import { formatDateTime } from '../lib/format';
import { providerName } from '../lib/providers';
import { Link } from '../lib/router';
import { useAccess } from '../lib/use-access';

interface EmptyProjectProps {
  projectId: string;
  webhooks: Webhook[];
}

/** What a project without a deployment shows: how to connect a provider, and what is already waiting. */
export function EmptyProject({ projectId, webhooks }: EmptyProjectProps) {
  const base = `/projects/${encodeURIComponent(projectId)}/settings`;
  const { canWrite } = useAccess();
  return (
    <section className="card empty-project" aria-labelledby="empty-project-title">
      <h2 id="empty-project-title">No deployment yet: connect a provider</h2>
      <p>Shipwatch measures the four DORA keys from the deployment events your CI/CD sends to a webhook.</p>
      <ol className="steps">
        <li>
          Open <Link to={`${base}/integrations`}>Settings → Integrations</Link> and choose{' '}
          <strong>Generate webhook</strong>: GitHub, GitLab, Azure DevOps or Generic (any pipeline, with curl).
        </li>
        <li>Add the webhook URL and secret to your provider, following the steps shown there.</li>
        <li>
          Deploy. Environments named <code>production</code> or <code>prod</code> count as production;{' '}
          <Link to={`${base}/environments`}>mark others as production</Link> if yours are named differently.
        </li>
      </ol>
      {webhooks.length > 0 ? (
        <div className="notice">
          <p>
            {webhooks.length === 1 ? 'A webhook is' : `${webhooks.length} webhooks are`} ready, but no deployment has
            arrived yet:
          </p>
          <ul>
            {webhooks.map((w) => (
              <li key={w.id}>
                {w.name} ({providerName(w.provider)}):{' '}
                {w.lastDeliveryAt
                  ? `last delivery ${formatDateTime(w.lastDeliveryAt)}, ${w.lastDeliveryOutcome ?? 'unknown outcome'}`
                  : 'no delivery yet'}
                . <Link to={`${base}/integrations/webhooks/${encodeURIComponent(w.id)}`}>See its deliveries</Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {canWrite ? (
        <p>
          <Link to={`${base}/integrations`} className="button button-primary">
            Connect a provider
          </Link>
        </p>
      ) : (
        <p>You may read this project; a maintainer or an admin connects the provider.</p>
      )}
    </section>
  );
}
