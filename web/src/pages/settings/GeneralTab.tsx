import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Project } from '../../api/types';
import { DeleteProjectDialog } from '../../components/DeleteProjectDialog';
import { ErrorNotice } from '../../components/Status';
import { TimeZoneSelect } from '../../components/TimeZoneSelect';
import { navigate } from '../../lib/router';
import { useAccess } from '../../lib/use-access';

interface GeneralTabProps {
  project: Project;
  onProjectChange: (project: Project) => void;
}

/** Name and time zone of a project, and deleting it. */
export function GeneralTab({ project, onProjectChange }: GeneralTabProps) {
  const [name, setName] = useState(project.name);
  const [timeZone, setTimeZone] = useState(project.timeZone);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState('');
  const [deleting, setDeleting] = useState(false);
  const { canWrite, isAdmin } = useAccess();

  useEffect(() => {
    setName(project.name);
    setTimeZone(project.timeZone);
  }, [project]);

  const dirty = name.trim() !== project.name || timeZone !== project.timeZone;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError(new Error('Enter a name for the project.'));
      return;
    }
    setBusy(true);
    setError(undefined);
    setSaved('');
    try {
      const input: { name?: string; timeZone?: string } = {};
      if (name.trim() !== project.name) input.name = name.trim();
      if (timeZone !== project.timeZone) input.timeZone = timeZone;
      onProjectChange(await api.updateProject(project.id, input));
      setSaved('Saved.');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (!canWrite) {
    return (
      <section className="card" aria-labelledby="general-title">
        <h2 id="general-title">Project</h2>
        <dl className="facts">
          <div>
            <dt>Project name</dt>
            <dd>{project.name}</dd>
          </div>
          <div>
            <dt>Time zone</dt>
            <dd>{project.timeZone.replaceAll('_', ' ')}</dd>
          </div>
        </dl>
        <p className="hint">Calendar days, weeks and months of the metrics begin at midnight in this time zone.</p>
      </section>
    );
  }

  return (
    <>
      <form className="card form" onSubmit={save} noValidate aria-labelledby="general-title">
        <h2 id="general-title">Project</h2>
        <div className="form-row">
          <div className="field">
            <label htmlFor="settings-name">Project name</label>
            <input
              id="settings-name"
              className="input"
              value={name}
              maxLength={100}
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="settings-timezone">Time zone</label>
            <TimeZoneSelect
              id="settings-timezone"
              value={timeZone}
              onChange={setTimeZone}
              describedBy="settings-timezone-hint"
            />
          </div>
        </div>
        <p id="settings-timezone-hint" className="hint">
          Calendar days, weeks and months of the metrics begin at midnight in this time zone.
        </p>
        <ErrorNotice error={error} />
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy || !dirty}>
            {busy ? 'Saving…' : 'Save'}
          </button>
          <span role="status" className="saved">
            {saved}
          </span>
        </div>
      </form>
      {isAdmin ? (
        <section className="card danger-zone" aria-labelledby="danger-title">
          <h2 id="danger-title">Delete this project</h2>
          <p>Revokes its webhooks and deletes every deployment, commit and delivery it holds.</p>
          <button type="button" className="button button-danger" onClick={() => setDeleting(true)}>
            Delete project
          </button>
        </section>
      ) : null}
      <DeleteProjectDialog
        project={deleting ? project : null}
        onCancel={() => setDeleting(false)}
        onDeleted={() => navigate('/projects', { replace: true })}
      />
    </>
  );
}
