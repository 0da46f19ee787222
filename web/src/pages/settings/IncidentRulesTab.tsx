import { type FormEvent, useEffect, useState } from 'react';
import type { Project, ProjectSettings } from '../../api/types';
import { linesOf, type SettingsField } from '../../lib/settings-fields';
import { useAccess } from '../../lib/use-access';
import { FieldError, HistoryNote, invalidProps, SaveBar, SettingsLoading, TextList } from './SettingsFields';
import { useProjectSettings } from './use-project-settings';

const FIELDS: readonly SettingsField[] = ['incidentLabels', 'incidentWindowHours', 'pagerdutyServices'];

interface ServiceRow {
  /** A key for React only: rows are edited in place. */
  key: number;
  service: string;
  repository: string;
}

let nextKey = 0;
const row = (service = '', repository = ''): ServiceRow => {
  nextKey += 1;
  return { key: nextKey, service, repository };
};

const HISTORY =
  'Labels, the window and the service mapping decide again which deployment every incident, past ones included, is put down to: the change failure rate and the time to restore service follow.';

/** Incident labels, the attribution window and PagerDuty services mapped to repositories. */
export function IncidentRulesTab({ project }: { project: Project }) {
  const editor = useProjectSettings(project.id);
  const { canWrite } = useAccess();
  const settings = editor.state.data;
  const [labels, setLabels] = useState('');
  const [hours, setHours] = useState('');
  const [services, setServices] = useState<ServiceRow[]>([]);

  useEffect(() => {
    if (!settings) return;
    setLabels(settings.incidentLabels.join('\n'));
    setHours(String(settings.incidentWindowHours));
    setServices(Object.entries(settings.pagerdutyServices).map(([service, repository]) => row(service, repository)));
  }, [settings]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const mapping: Record<string, string> = {};
    for (const s of services) {
      if (s.service.trim() === '' && s.repository.trim() === '') continue;
      mapping[s.service.trim()] = s.repository.trim();
    }
    await editor.save(
      (current): ProjectSettings => ({
        ...current,
        incidentLabels: linesOf(labels),
        // As typed: the API names a bad number (empty, not whole, out of range) on the field (NaN is sent as null).
        incidentWindowHours: hours.trim() === '' ? Number.NaN : Number(hours),
        pagerdutyServices: mapping,
      }),
    );
  };

  const edit = (key: number, change: Partial<ServiceRow>) =>
    setServices((rows) => rows.map((r) => (r.key === key ? { ...r, ...change } : r)));

  return (
    <section className="section" aria-labelledby="incident-rules-title">
      <h2 id="incident-rules-title">Incident attribution</h2>
      <p>
        An incident counts against the deployment it is put down to: the one that shipped its commit, else the latest
        production deployment that finished within the window before it started (in its repository when known). A
        person's link on the incidents page wins.
      </p>
      <HistoryNote>{HISTORY}</HistoryNote>
      <SettingsLoading editor={editor} />
      {settings && !canWrite ? (
        <dl className="facts settings-facts">
          <div>
            <dt>Incident labels</dt>
            <dd>
              <TextList items={settings.incidentLabels} empty="None." />
            </dd>
          </div>
          <div>
            <dt>Attribution window</dt>
            <dd>{settings.incidentWindowHours} hours</dd>
          </div>
          <div>
            <dt>PagerDuty services</dt>
            <dd>
              <TextList
                items={Object.entries(settings.pagerdutyServices).map(([s, r]) => `${s} → ${r}`)}
                empty="None mapped: PagerDuty incidents may be put down to any repository."
              />
            </dd>
          </div>
        </dl>
      ) : null}
      {settings && canWrite ? (
        <form className="card form" onSubmit={submit} noValidate aria-labelledby="incident-rules-title">
          <div className="field">
            <label htmlFor="incident-labels">Incident labels (one per line)</label>
            <textarea
              id="incident-labels"
              className="input"
              rows={3}
              value={labels}
              onChange={(event) => setLabels(event.target.value)}
              {...invalidProps(editor, 'incidentLabels', 'incident-labels-hint')}
            />
            <p id="incident-labels-hint" className="hint">
              A GitHub or GitLab issue carrying one of these labels is an incident (as is one of type Incident).
            </p>
            <FieldError editor={editor} field="incidentLabels" />
          </div>
          <div className="field field-narrow">
            <label htmlFor="incident-window">Attribution window (hours)</label>
            <input
              id="incident-window"
              className="input"
              type="number"
              inputMode="numeric"
              min={0}
              step={1}
              value={hours}
              onChange={(event) => setHours(event.target.value)}
              {...invalidProps(editor, 'incidentWindowHours', 'incident-window-hint')}
            />
            <p id="incident-window-hint" className="hint">
              How long after a deployment an incident without a commit may still be put down to it; 0 turns this off.
            </p>
            <FieldError editor={editor} field="incidentWindowHours" />
          </div>
          <fieldset className="settings-services">
            <legend>PagerDuty services → repositories</legend>
            <p className="hint">
              The service id is in the service's address in PagerDuty (…/service-directory/<code>P1A2B3C</code>).
            </p>
            {services.map((s, i) => (
              <div key={s.key} className="form-row form-row-end service-row" data-testid="service-row">
                <div className="field">
                  <label htmlFor={`service-${s.key}`}>Service id {i + 1}</label>
                  <input
                    id={`service-${s.key}`}
                    className="input mono"
                    value={s.service}
                    spellCheck={false}
                    onChange={(event) => edit(s.key, { service: event.target.value })}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`repository-${s.key}`}>Repository {i + 1}</label>
                  <input
                    id={`repository-${s.key}`}
                    className="input mono"
                    value={s.repository}
                    spellCheck={false}
                    placeholder="acme/checkout"
                    onChange={(event) => edit(s.key, { repository: event.target.value })}
                  />
                </div>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Remove service ${i + 1}`}
                  onClick={() => setServices((rows) => rows.filter((r) => r.key !== s.key))}
                >
                  Remove
                </button>
              </div>
            ))}
            <button
              type="button"
              className="button button-small"
              onClick={() => setServices((rows) => [...rows, row()])}
            >
              Add a service
            </button>
            <FieldError editor={editor} field="pagerdutyServices" />
          </fieldset>
          <SaveBar editor={editor} fields={FIELDS} />
        </form>
      ) : null}
    </section>
  );
}
