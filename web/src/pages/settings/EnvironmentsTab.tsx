import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import type { Environment, Project } from '../../api/types';
import { ScrollRegion } from '../../components/ScrollRegion';
import { ErrorNotice, Loading } from '../../components/Status';
import { Switch } from '../../components/Switch';
import { useApiQuery } from '../../lib/api-query';
import { formatDateTime } from '../../lib/format';
import { Link } from '../../lib/router';
import { useAccess } from '../../lib/use-access';

function upsert(list: Environment[], env: Environment): Environment[] {
  const key = env.name.toLowerCase();
  const found = list.some((e) => e.name.toLowerCase() === key);
  return found ? list.map((e) => (e.name.toLowerCase() === key ? env : e)) : [...list, env];
}

/** Every environment seen, with a production switch; names not seen yet can be marked in advance. */
export function EnvironmentsTab({ project }: { project: Project }) {
  const { state, reload, setData } = useApiQuery(['environments', project.id], (signal) =>
    api.listEnvironments(project.id, signal),
  );
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const [newName, setNewName] = useState('');
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<unknown>();
  const { canWrite } = useAccess();

  const toggle = async (env: Environment, production: boolean) => {
    setPending(env.name);
    setError(undefined);
    try {
      const updated = await api.setEnvironmentProduction(project.id, env.name, production);
      setData((current) => upsert(current ?? [], updated));
      setStatus(`${updated.name} ${updated.production ? 'is' : 'is not'} production now; the dashboard follows.`);
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(null);
    }
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const name = newName.trim();
    if (!name) {
      setAddError(new Error('Enter the environment name.'));
      return;
    }
    setAdding(true);
    setAddError(undefined);
    try {
      const created = await api.setEnvironmentProduction(project.id, name, true);
      setData((current) => upsert(current ?? [], created));
      setNewName('');
      setStatus(`${created.name} is production.`);
    } catch (caught) {
      setAddError(caught);
    } finally {
      setAdding(false);
    }
  };

  const environments = state.data;
  return (
    <section className="section" aria-labelledby="environments-title">
      <h2 id="environments-title">Environments</h2>
      <p>
        Only deployments to production environments count in the metrics. Environments named <code>production</code> or{' '}
        <code>prod</code>, or that the provider marks as production, start as production; a switch here always wins and
        applies to past deployments too. See the{' '}
        <Link to={`/projects/${encodeURIComponent(project.id)}`}>dashboard</Link>.
      </p>
      <div role="status" className="live">
        {status}
      </div>
      {state.status === 'loading' && !environments ? <Loading label="Loading environments…" /> : null}
      <ErrorNotice error={state.error} onRetry={reload} />
      <ErrorNotice error={error} />
      {environments && environments.length === 0 ? (
        <p className="empty">No environment seen yet. They appear with the first deployment to them.</p>
      ) : null}
      {environments && environments.length > 0 ? (
        <ScrollRegion label="Environments table">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Environment</th>
                <th scope="col">Deployments</th>
                <th scope="col">Last deployment</th>
                <th scope="col">Production</th>
              </tr>
            </thead>
            <tbody>
              {environments.map((env) => (
                <tr key={env.name} data-testid="environment-row">
                  <th scope="row" className="break">
                    {env.name}
                  </th>
                  <td>{env.deployments}</td>
                  <td>
                    {env.lastDeploymentAt ? (
                      <time dateTime={env.lastDeploymentAt}>
                        {formatDateTime(env.lastDeploymentAt, project.timeZone)}
                      </time>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    {canWrite ? (
                      <Switch
                        checked={env.production}
                        label={`Production: ${env.name}`}
                        disabled={pending === env.name}
                        onChange={(checked) => toggle(env, checked)}
                      />
                    ) : env.production ? (
                      'Yes'
                    ) : (
                      'No'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      {canWrite ? (
        <form className="card form" onSubmit={add} noValidate aria-labelledby="add-env-title">
          <h3 id="add-env-title">Mark an environment as production in advance</h3>
          <p className="hint">For an environment that has not deployed yet; names match without regard to case.</p>
          <div className="form-row form-row-end">
            <div className="field">
              <label htmlFor="new-environment">Environment name</label>
              <input
                id="new-environment"
                className="input"
                value={newName}
                onChange={(event) => setNewName(event.target.value)}
              />
            </div>
            <button type="submit" className="button button-primary" disabled={adding}>
              {adding ? 'Adding…' : 'Add as production'}
            </button>
          </div>
          <ErrorNotice error={addError} />
        </form>
      ) : null}
    </section>
  );
}
