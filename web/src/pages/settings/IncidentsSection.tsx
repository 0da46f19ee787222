import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import type { NewWebhook, Project, ProviderId } from '../../api/types';
import { NewWebhookPanel } from '../../components/NewWebhookPanel';
import { ErrorNotice } from '../../components/Status';
import { INCIDENT_PROVIDERS, PROVIDER_NAMES } from '../../lib/providers';

interface IncidentsSectionProps {
  project: Project;
  /** Whether the person may add a webhook (maintainer or admin); a viewer reads how incidents arrive. */
  canWrite: boolean;
  /** A webhook was made: the list below (shared with the Deployment section) shows it. */
  onCreated: (webhook: NewWebhook) => void;
  onVerified: Parameters<typeof NewWebhookPanel>[0]['onVerified'];
}

/**
 * The Incidents section of the Integrations tab: PagerDuty and incident.io webhooks, whose signing secret the
 * provider makes and the person pastes here, with each provider's setup steps (the real URL filled in); and how
 * GitHub and GitLab issues and the generic webhook report incidents through the webhooks above.
 */
export function IncidentsSection({ project, canWrite, onCreated, onVerified }: IncidentsSectionProps) {
  const [provider, setProvider] = useState<ProviderId>('pagerduty');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<NewWebhook | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const webhook = await api.createWebhook(project.id, { provider, secret: secret.trim() });
      setSecret('');
      setCreated(webhook);
      onCreated(webhook);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby="incidents-title">
      <h2 id="incidents-title">Incidents</h2>
      <p>
        Incidents give time to restore service, and count as change failures of the deployment they are put down to.
        {canWrite ? (
          <>
            {' '}
            PagerDuty and incident.io make the signing secret themselves: paste it here. If the provider shows it only
            once it has the URL, make the webhook with a temporary secret, give the provider the URL, then use{' '}
            <em>Replace secret</em> on the webhook below with the one it shows.
          </>
        ) : (
          ' A maintainer connects PagerDuty or incident.io here.'
        )}
      </p>
      {canWrite ? (
        <form className="generate" onSubmit={submit} aria-label="Add an incident webhook">
          <div className="field">
            <label htmlFor="incident-provider">Source</label>
            <select
              id="incident-provider"
              className="input"
              value={provider}
              onChange={(event) => setProvider(event.target.value as ProviderId)}
            >
              {INCIDENT_PROVIDERS.map((id) => (
                <option key={id} value={id}>
                  {PROVIDER_NAMES[id]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="incident-secret">Signing secret from {PROVIDER_NAMES[provider]}</label>
            <input
              id="incident-secret"
              className="input"
              value={secret}
              required
              autoComplete="off"
              spellCheck={false}
              placeholder={provider === 'incident-io' ? 'whsec_…' : ''}
              onChange={(event) => setSecret(event.target.value)}
            />
          </div>
          <button type="submit" className="button" disabled={busy || secret.trim() === ''}>
            {busy ? 'Adding…' : 'Add incident webhook'}
          </button>
        </form>
      ) : null}
      <ErrorNotice error={error} />
      {created ? (
        <NewWebhookPanel
          key={created.id}
          webhook={created}
          projectId={project.id}
          onVerified={onVerified}
          onUseGeneric={() => undefined}
          onClose={() => setCreated(null)}
        />
      ) : null}
      <h3>GitHub and GitLab issues</h3>
      <p>
        An issue of type <em>Incident</em>, or carrying a label of the project's incident labels (
        <code>incidentLabels</code>, by default <code>incident</code>), is an incident: opened is its start, closed its
        resolution. Tick <strong>Issues</strong> (GitHub) or <strong>Issues events</strong> (GitLab) on the repository's
        webhook above.
      </p>
      <h3>Any other source</h3>
      <p>
        A generic webhook takes{' '}
        <code>{'{"type": "incident", "incidentId", "status": "open" | "resolved", "startedAt"}'}</code>, with{' '}
        <code>resolvedAt</code>, <code>repository</code>, <code>environment</code> and <code>sha</code> when known,
        signed like a deployment.
      </p>
    </section>
  );
}
