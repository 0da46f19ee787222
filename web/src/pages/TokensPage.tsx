import { type FormEvent, useRef, useState } from 'react';
import { api } from '../api/client';
import type { ApiToken, NewApiToken, Project, Role } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ScrollRegion } from '../components/ScrollRegion';
import { ErrorNotice, Loading } from '../components/Status';
import { ValueField } from '../components/ValueField';
import { useApiQuery } from '../lib/api-query';
import { formatDateTime } from '../lib/format';
import { Link } from '../lib/router';
import { useAccess } from '../lib/use-access';
import { useTitle } from '../lib/use-title';

const ROLES: readonly { id: Role; label: string; hint: string }[] = [
  { id: 'viewer', label: 'Viewer', hint: 'reads figures, deployments, incidents and settings' },
  { id: 'maintainer', label: 'Maintainer', hint: 'also manages webhooks, environments, marks, incidents and settings' },
  { id: 'admin', label: 'Admin', hint: 'also creates and deletes projects, and manages tokens' },
];

/** "All projects", or the names of the projects a token is limited to (an id when the project is gone). */
function projectsText(projectIds: string[] | null, projects: Project[] | undefined): string {
  if (projectIds === null) return 'All projects';
  if (projectIds.length === 0) return 'No project';
  return projectIds.map((id) => projects?.find((p) => p.id === id)?.name ?? id).join(', ');
}

/** Tokens are admin business: anyone else is told so, and shown no control. */
export function TokensPage() {
  useTitle('API tokens');
  const { me, isAdmin } = useAccess();
  if (isAdmin) return <AdminTokensPage />;
  return (
    <div className="page">
      <h1>API tokens</h1>
      {me ? (
        <p className="lead">
          Only an admin manages tokens; you are signed in as a {me.role}.{' '}
          <Link to="/projects">Back to the projects</Link>
        </p>
      ) : (
        <Loading label="Loading…" />
      )}
    </div>
  );
}

/** API tokens: list, create (shown once, with a role and perhaps a list of projects) and revoke. */
function AdminTokensPage() {
  const { state, reload, setData } = useApiQuery(['tokens'], (signal) => api.listTokens(signal));
  const projects = useApiQuery(['projects'], (signal) => api.listProjects(signal)).state.data;
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [limited, setLimited] = useState<string[]>([]);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>();
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [revokeBusy, setRevokeBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<unknown>();
  const [notice, setNotice] = useState('');
  const nameRef = useRef<HTMLInputElement>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setCreateError(new Error('Enter a name for the token.'));
      return;
    }
    setCreating(true);
    setCreateError(undefined);
    try {
      const token = await api.createToken({
        name: name.trim(),
        role,
        ...(limited.length > 0 ? { projectIds: limited } : {}),
      });
      setCreated(token);
      setName('');
      setLimited([]);
      reload();
    } catch (caught) {
      setCreateError(caught);
    } finally {
      setCreating(false);
    }
  };

  const confirmRevoke = async () => {
    if (!revoking) return;
    setRevokeBusy(true);
    setRevokeError(undefined);
    try {
      await api.revokeToken(revoking.id);
      setData((current) => (current ?? []).filter((t) => t.id !== revoking.id));
      setNotice(`Token “${revoking.name}” revoked.`);
      if (created?.id === revoking.id) setCreated(null);
      setRevoking(null);
    } catch (caught) {
      setRevokeError(caught);
    } finally {
      setRevokeBusy(false);
    }
  };

  const tokens = state.data;
  return (
    <div className="page">
      <h1>API tokens</h1>
      <p className="lead">
        Tokens sign in to this page and authenticate automation (<code>Authorization: Bearer …</code>). Each is shown
        once, when it is made.
      </p>
      <form className="card form" onSubmit={create} noValidate aria-labelledby="create-token-title">
        <h2 id="create-token-title">Create a token</h2>
        <div className="form-row form-row-end">
          <div className="field">
            <label htmlFor="token-name">Token name</label>
            <input
              id="token-name"
              ref={nameRef}
              className="input"
              value={name}
              maxLength={100}
              placeholder="e.g. CI export"
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="token-role">Role</label>
            <select
              id="token-role"
              className="input"
              value={role}
              aria-describedby="token-role-hint"
              onChange={(event) => setRole(event.target.value as Role)}
            >
              {ROLES.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p id="token-role-hint" className="hint">
          {ROLES.find((r) => r.id === role)?.label}: {ROLES.find((r) => r.id === role)?.hint}.
        </p>
        {projects && projects.length > 0 ? (
          <fieldset className="token-projects">
            <legend>Projects (none ticked: every project)</legend>
            <p className="hint">A token limited to projects sees only those, and cannot be an admin.</p>
            {projects.map((p) => (
              <label key={p.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={limited.includes(p.id)}
                  onChange={(event) =>
                    setLimited((current) =>
                      event.target.checked ? [...current, p.id] : current.filter((id) => id !== p.id),
                    )
                  }
                />
                {p.name}
              </label>
            ))}
          </fieldset>
        ) : null}
        <ErrorNotice error={createError} />
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={creating}>
            {creating ? 'Creating…' : 'Create token'}
          </button>
        </div>
      </form>
      {created ? (
        <section className="card notice-success new-token" aria-labelledby="new-token-title" data-testid="new-token">
          <h2 id="new-token-title">Token “{created.name}” created</h2>
          <p data-testid="new-token-role">
            Role: {created.role}. Projects: {projectsText(created.projectIds, projects)}.
          </p>
          <ValueField
            label="New token"
            value={created.token}
            copyLabel="Copy token"
            testId="new-token-value"
            hint="Copy it now: it is shown only once and cannot be read again."
          />
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setCreated(null);
              // The panel and its button go: focus returns to where the next token is named.
              nameRef.current?.focus();
            }}
          >
            Done
          </button>
        </section>
      ) : null}
      <section className="section" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Tokens</h2>
        <div role="status" className="live">
          {notice}
        </div>
        {state.status === 'loading' && !tokens ? <Loading label="Loading tokens…" /> : null}
        <ErrorNotice error={state.error} onRetry={reload} />
        {tokens && tokens.length === 0 ? <p className="empty">No token listed.</p> : null}
        {tokens && tokens.length > 0 ? (
          <ScrollRegion label="Tokens table">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Projects</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id} data-testid="token-row">
                    <th scope="row" className="break">
                      {token.name}
                    </th>
                    <td data-testid="token-role">{token.role}</td>
                    <td className="break">{projectsText(token.projectIds, projects)}</td>
                    <td>{formatDateTime(token.createdAt)}</td>
                    <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'never'}</td>
                    <td>
                      <button
                        type="button"
                        className="button button-small button-danger-outline"
                        aria-label={`Revoke token ${token.name}`}
                        onClick={() => {
                          setRevokeError(undefined);
                          setRevoking(token);
                        }}
                      >
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ) : null}
      </section>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke token “${revoking?.name ?? ''}”?`}
        confirmLabel="Yes, revoke token"
        danger
        busy={revokeBusy}
        onConfirm={confirmRevoke}
        onCancel={() => setRevoking(null)}
      >
        <p>
          Anything using this token stops working, and the sessions signed in with it end — this one too, if you signed
          in with it. This cannot be undone.
        </p>
        <ErrorNotice error={revokeError} />
      </ConfirmDialog>
    </div>
  );
}
