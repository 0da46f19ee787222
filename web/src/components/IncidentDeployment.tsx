import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, incidentsApi } from '../api/client';
import type { Deployment, Incident } from '../api/types';
import { useApiQuery } from '../lib/api-query';
import { formatDateTime, shortSha } from '../lib/format';
import { ErrorNotice } from './Status';

/** A deployment as a person picks it: "abc1234 · acme/checkout · production · 2 Mar 2026, 14:05". */
export function deploymentLabel(d: Deployment, timeZone: string): string {
  return [shortSha(d.sha), d.repository ?? 'no repository', d.environment, formatDateTime(d.finishedAt, timeZone)].join(
    ' · ',
  );
}

/** How the incident came to its deployment, in words. */
export function attributionText(incident: Incident): string {
  switch (incident.attribution) {
    case 'sha':
      return 'by its commit';
    case 'window':
      return 'by time: the last deployment before it started';
    case 'manual':
      return incident.deploymentId === null ? 'not caused by a deployment, said a person' : 'linked by a person';
    default:
      return 'no deployment found before it';
  }
}

/** The deployment an incident is put down to, read by its id (a link may name one outside any list loaded). */
export function AttributedDeployment({ incident, timeZone }: { incident: Incident; timeZone: string }) {
  const id = incident.deploymentId;
  const { state } = useApiQuery(['deployment', id, 'summary'], (signal) =>
    id === null ? Promise.resolve(null) : incidentsApi.deployment(id, signal),
  );
  const deployment = state.data;
  return (
    <>
      {id === null ? <span>None</span> : null}
      {id !== null && deployment ? (
        <span>
          <span className="mono">{shortSha(deployment.sha)}</span>
          {deploymentLabel(deployment, timeZone).slice(shortSha(deployment.sha).length)}
        </span>
      ) : null}
      {id !== null && !deployment ? <span className="mono">{state.status === 'error' ? id : '…'}</span> : null}
      <span className="muted incident-attribution"> ({attributionText(incident)})</span>
    </>
  );
}

interface LinkFormProps {
  incident: Incident;
  projectId: string;
  timeZone: string;
  /** A name for the incident in labels ("Checkout down"). */
  name: string;
  onLinked: (incident: Incident) => void;
  onCancel: () => void;
}

const AUTO = 'auto';
const NONE = 'none';

/**
 * Link an incident to a successful production deployment that finished before it started, to none, or back to
 * automatic attribution (PATCH /api/incidents/:id).
 */
export function IncidentLinkForm({ incident, projectId, timeZone, name, onLinked, onCancel }: LinkFormProps) {
  const candidates = useApiQuery(['deployments', projectId, 'before', incident.startedAt], (signal) =>
    api.listDeployments(projectId, { production: true, to: incident.startedAt, limit: 50 }, signal),
  );
  const options = (candidates.state.data?.deployments ?? []).filter((d) => d.status === 'success');
  const initial = incident.attribution !== 'manual' ? AUTO : (incident.deploymentId ?? NONE);
  const [choice, setChoice] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const queryClient = useQueryClient();
  const selectId = `incident-link-${incident.id}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const target = choice === NONE ? null : choice;
      const updated = await incidentsApi.link(incident.id, target);
      // The row shows the deployment picked at once, without reading it again.
      const picked = options.find((d) => d.id === updated.deploymentId);
      if (picked) queryClient.setQueryData(['deployment', picked.id, 'summary'], picked);
      onLinked(updated);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const linkedElsewhere =
    incident.deploymentId !== null && !options.some((d) => d.id === incident.deploymentId)
      ? incident.deploymentId
      : null;
  return (
    <form className="incident-link-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={selectId}>Deployment of “{name}”</label>
        <select id={selectId} className="input" value={choice} onChange={(event) => setChoice(event.target.value)}>
          <option value={AUTO}>Automatic (by commit, else by time)</option>
          <option value={NONE}>No deployment: not caused by one</option>
          {linkedElsewhere ? <option value={linkedElsewhere}>The deployment it is put down to now</option> : null}
          {options.map((d) => (
            <option key={d.id} value={d.id}>
              {deploymentLabel(d, timeZone)}
            </option>
          ))}
        </select>
        <p className="hint">Successful production deployments that finished before the incident started.</p>
      </div>
      <ErrorNotice error={candidates.state.error} onRetry={candidates.reload} />
      <ErrorNotice error={error} />
      <div className="actions">
        <button type="submit" className="button button-small button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save link'}
        </button>
        <button type="button" className="button button-small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
