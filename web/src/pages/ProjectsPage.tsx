import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import type { Project } from '../api/types';
import { DeleteProjectDialog } from '../components/DeleteProjectDialog';
import { ErrorNotice, Loading } from '../components/Status';
import { browserTimeZone, TimeZoneSelect } from '../components/TimeZoneSelect';
import { useApiQuery } from '../lib/api-query';
import { formatDateTime } from '../lib/format';
import { Link, navigate } from '../lib/router';
import { useAccess } from '../lib/use-access';
import { useTitle } from '../lib/use-title';

function CreateProjectForm({ onCreated }: { onCreated: (project: Project) => void }) {
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError(new Error('Enter a name for the project.'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const project = await api.createProject({ name: name.trim(), timeZone });
      setName('');
      onCreated(project);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="create-project-title">
      <h2 id="create-project-title">Create a project</h2>
      <div className="form-row">
        <div className="field">
          <label htmlFor="project-name">Project name</label>
          <input
            id="project-name"
            className="input"
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="project-timezone">Time zone</label>
          <TimeZoneSelect
            id="project-timezone"
            value={timeZone}
            onChange={setTimeZone}
            describedBy="project-timezone-hint"
          />
        </div>
      </div>
      <p id="project-timezone-hint" className="hint">
        The time zone decides where calendar days and weeks begin in the metrics.
      </p>
      <ErrorNotice error={error} />
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create project'}
      </button>
    </form>
  );
}

export function ProjectsPage() {
  useTitle('Projects');
  const { state, reload, setData } = useApiQuery(['projects'], (signal) => api.listProjects(signal));
  const [deleting, setDeleting] = useState<Project | null>(null);
  const [notice, setNotice] = useState('');
  const { isAdmin } = useAccess();
  const projects = state.data;

  return (
    <div className="page">
      <h1>Projects</h1>
      <p className="lead">A project gathers the deployments of one product or team, from any number of webhooks.</p>
      <div className="live" role="status">
        {notice}
      </div>
      <section aria-labelledby="projects-list-title" className="section">
        <h2 id="projects-list-title">Your projects</h2>
        {state.status === 'loading' && !projects ? <Loading label="Loading projects…" /> : null}
        <ErrorNotice error={state.error} onRetry={reload} />
        {projects && projects.length === 0 ? (
          <p className="empty">
            {isAdmin
              ? 'No project yet. Create one below, then connect a provider to it.'
              : 'No project yet. An admin creates projects.'}
          </p>
        ) : null}
        {projects && projects.length > 0 ? (
          <ul className="project-list">
            {projects.map((project) => (
              <li key={project.id} className="card project-item">
                <div className="project-item-main">
                  <Link to={`/projects/${encodeURIComponent(project.id)}`} className="project-link">
                    {project.name}
                  </Link>
                  <span className="muted">
                    {project.timeZone.replaceAll('_', ' ')} · created {formatDateTime(project.createdAt)}
                  </span>
                </div>
                <div className="actions">
                  <Link
                    to={`/projects/${encodeURIComponent(project.id)}/settings`}
                    className="button button-small"
                    aria-label={`Settings of ${project.name}`}
                  >
                    Settings
                  </Link>
                  {isAdmin ? (
                    <button
                      type="button"
                      className="button button-small button-danger-outline"
                      aria-label={`Delete project ${project.name}`}
                      onClick={() => setDeleting(project)}
                    >
                      Delete
                    </button>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      {isAdmin ? (
        <CreateProjectForm
          onCreated={(project) => {
            setData((current) => [...(current ?? []), project]);
            navigate(`/projects/${encodeURIComponent(project.id)}`);
          }}
        />
      ) : null}
      <DeleteProjectDialog
        project={deleting}
        onCancel={() => setDeleting(null)}
        onDeleted={(project) => {
          setDeleting(null);
          setData((current) => (current ?? []).filter((p) => p.id !== project.id));
          setNotice(`Project “${project.name}” deleted.`);
        }}
      />
    </div>
  );
}
