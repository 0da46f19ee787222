import { type FormEvent, useId, useState } from 'react';
import type { TeamInput } from '../api/across';
import { api } from '../api/client';
import type { Team } from '../api/types';
import { useApiQuery } from '../lib/api-query';
import { ErrorNotice, Loading } from './Status';
import { TimeZoneSelect } from './TimeZoneSelect';

interface TeamFormProps {
  /** The team edited; none when creating one. */
  team?: Team | undefined;
  title: string;
  submitLabel: string;
  busyLabel: string;
  onSubmit: (input: TeamInput) => Promise<void>;
  onCancel?: (() => void) | undefined;
}

/**
 * A team's name, its projects (ticked from those the credential may see) and its time zone, which decides where the
 * pooled figures' days begin: the first ticked project's until one is chosen, as the API does.
 */
export function TeamForm({ team, title, submitLabel, busyLabel, onSubmit, onCancel }: TeamFormProps) {
  const id = useId();
  const projects = useApiQuery(['projects'], (signal) => api.listProjects(signal));
  const [name, setName] = useState(team?.name ?? '');
  const [picked, setPicked] = useState<string[]>(team?.projectIds ?? []);
  const [chosenZone, setChosenZone] = useState<string | undefined>(team?.timeZone);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const all = projects.state.data ?? [];
  const firstZone = all.find((p) => p.id === picked[0])?.timeZone;
  const zone = chosenZone ?? firstZone ?? 'UTC';

  const toggle = (projectId: string, on: boolean) =>
    setPicked((current) => (on ? [...current, projectId] : current.filter((p) => p !== projectId)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError(new Error('Enter a name for the team.'));
      return;
    }
    if (picked.length === 0) {
      setError(new Error('Pick at least one project.'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit({ name: name.trim(), projectIds: picked, ...(chosenZone ? { timeZone: chosenZone } : {}) });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form team-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>Team name</label>
        <input
          id={`${id}-name`}
          className="input"
          value={name}
          maxLength={100}
          onChange={(event) => setName(event.target.value)}
          required
        />
      </div>
      <fieldset className="team-projects">
        <legend>Projects</legend>
        {projects.state.status === 'loading' && !projects.state.data ? <Loading label="Loading projects…" /> : null}
        <ErrorNotice error={projects.state.error} onRetry={projects.reload} />
        {all.map((project) => (
          <label key={project.id} className="checkbox">
            <input
              type="checkbox"
              checked={picked.includes(project.id)}
              onChange={(event) => toggle(project.id, event.target.checked)}
            />
            <span>{project.name}</span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-zone`}>Time zone</label>
        <TimeZoneSelect id={`${id}-zone`} value={zone} onChange={setChosenZone} describedBy={`${id}-zone-hint`} />
      </div>
      <p id={`${id}-zone-hint`} className="hint">
        Where the team's days begin in its pooled figures; the first project's until you choose one.
      </p>
      <ErrorNotice error={error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
