import { type FormEvent, useEffect, useState } from 'react';
import type { Project, ProjectSettings } from '../../api/types';
import { linesOf, type SettingsField } from '../../lib/settings-fields';
import { useAccess } from '../../lib/use-access';
import { FieldError, HistoryNote, invalidProps, SaveBar, SettingsLoading, TextList } from './SettingsFields';
import { useProjectSettings } from './use-project-settings';

const FIELDS: readonly SettingsField[] = [
  'failureDetection.rollback',
  'failureDetection.revert',
  'failureDetection.hotfixKeywords',
  'failureDetection.incidents',
];

type Rule = 'rollback' | 'revert' | 'incidents';

const RULES: readonly { id: Rule; label: string; hint: string }[] = [
  {
    id: 'rollback',
    label: 'Rollbacks',
    hint: 'A deployment of a commit deployed before fails the deployments since that one.',
  },
  {
    id: 'revert',
    label: 'Reverts',
    hint: 'A deployment bringing “This reverts commit …” fails the deployment that first brought the reverted commit.',
  },
  {
    id: 'incidents',
    label: 'Incidents',
    hint: 'An incident put down to a deployment (by its commit, by time, or by a person) fails that deployment.',
  },
];

const HISTORY =
  'Turning a rule on or off decides again, for every deployment ever received, whether it was a failed change: the change failure rate, the rework rate and the recovery time follow on the dashboard.';

/** Failure detection: which automatic rules make a deployment a failed change, and the hotfix keywords. */
export function FailureDetectionTab({ project }: { project: Project }) {
  const editor = useProjectSettings(project.id);
  const { canWrite } = useAccess();
  const settings = editor.state.data;
  const [rules, setRules] = useState<Record<Rule, boolean>>({ rollback: true, revert: true, incidents: true });
  const [keywords, setKeywords] = useState('');

  useEffect(() => {
    if (!settings) return;
    const d = settings.failureDetection;
    setRules({ rollback: d.rollback, revert: d.revert, incidents: d.incidents });
    setKeywords(d.hotfixKeywords.join('\n'));
  }, [settings]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await editor.save(
      (current): ProjectSettings => ({
        ...current,
        failureDetection: { ...rules, hotfixKeywords: linesOf(keywords) },
      }),
    );
  };

  return (
    <section className="section" aria-labelledby="detection-title">
      <h2 id="detection-title">Failure detection</h2>
      <p>
        A deployment whose status is failure is always a failed change. These rules find the failures no status shows; a
        person's mark on a deployment wins over all of them.
      </p>
      <HistoryNote>{HISTORY}</HistoryNote>
      <SettingsLoading editor={editor} />
      {settings && !canWrite ? (
        <dl className="facts settings-facts">
          {RULES.map((rule) => (
            <div key={rule.id}>
              <dt>{rule.label}</dt>
              <dd>{settings.failureDetection[rule.id] ? 'On' : 'Off'}</dd>
            </div>
          ))}
          <div>
            <dt>Hotfix keywords</dt>
            <dd>
              <TextList items={settings.failureDetection.hotfixKeywords} empty="None: hotfix detection is off." />
            </dd>
          </div>
        </dl>
      ) : null}
      {settings && canWrite ? (
        <form className="card form" onSubmit={submit} noValidate aria-labelledby="detection-title">
          <fieldset className="settings-rules">
            <legend>Rules</legend>
            {RULES.map((rule) => (
              <div key={rule.id} className="settings-rule">
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={rules[rule.id]}
                    onChange={(event) => setRules((r) => ({ ...r, [rule.id]: event.target.checked }))}
                    {...invalidProps(editor, `failureDetection.${rule.id}`, `rule-hint-${rule.id}`)}
                  />
                  {rule.label}
                </label>
                <p id={`rule-hint-${rule.id}`} className="hint">
                  {rule.hint}
                </p>
                <FieldError editor={editor} field={`failureDetection.${rule.id}`} />
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="hotfix-keywords">Hotfix keywords (one per line)</label>
            <textarea
              id="hotfix-keywords"
              className="input"
              rows={3}
              value={keywords}
              onChange={(event) => setKeywords(event.target.value)}
              {...invalidProps(editor, 'failureDetection.hotfixKeywords', 'hotfix-keywords-hint')}
            />
            <p id="hotfix-keywords-hint" className="hint">
              A deployment whose ref, commit subject or pull request holds one of these words (ignoring case) is a
              hotfix: it fails the deployment just before it. Leave empty to turn hotfix detection off.
            </p>
            <FieldError editor={editor} field="failureDetection.hotfixKeywords" />
          </div>
          <SaveBar editor={editor} fields={FIELDS} />
        </form>
      ) : null}
    </section>
  );
}
