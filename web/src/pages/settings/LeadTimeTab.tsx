import { type FormEvent, useEffect, useState } from 'react';
import type { Project, ProjectSettings } from '../../api/types';
import { linesOf } from '../../lib/settings-fields';
import { useAccess } from '../../lib/use-access';
import { FieldError, HistoryNote, invalidProps, SaveBar, SettingsLoading, TextList } from './SettingsFields';
import { useProjectSettings } from './use-project-settings';

const HISTORY =
  'The exclusions apply to every commit ever received: the lead time for changes of every window is recomputed, and excluded commits stay listed, marked, on their deployment.';

/** Authors whose commits leave lead time (bots, say): patterns matched against name, email and username. */
export function LeadTimeTab({ project }: { project: Project }) {
  const editor = useProjectSettings(project.id);
  const { canWrite } = useAccess();
  const settings = editor.state.data;
  const [authors, setAuthors] = useState('');

  useEffect(() => {
    if (settings) setAuthors(settings.leadTimeExcludedAuthors.join('\n'));
  }, [settings]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await editor.save((current): ProjectSettings => ({ ...current, leadTimeExcludedAuthors: linesOf(authors) }));
  };

  return (
    <section className="section" aria-labelledby="lead-time-title">
      <h2 id="lead-time-title">Lead time</h2>
      <p>
        Commits by these authors are still deployed and listed, but leave the lead time for changes: automated
        dependency updates, say, which would otherwise make it look shorter or longer than people's work.
      </p>
      <HistoryNote>{HISTORY}</HistoryNote>
      <SettingsLoading editor={editor} />
      {settings && !canWrite ? (
        <dl className="facts settings-facts">
          <div>
            <dt>Excluded authors</dt>
            <dd>
              <TextList items={settings.leadTimeExcludedAuthors} empty="None: every commit counts." />
            </dd>
          </div>
        </dl>
      ) : null}
      {settings && canWrite ? (
        <form className="card form" onSubmit={submit} noValidate aria-labelledby="lead-time-title">
          <div className="field">
            <label htmlFor="excluded-authors">Excluded authors (one pattern per line)</label>
            <textarea
              id="excluded-authors"
              className="input mono"
              rows={4}
              value={authors}
              spellCheck={false}
              onChange={(event) => setAuthors(event.target.value)}
              {...invalidProps(editor, 'leadTimeExcludedAuthors', 'excluded-authors-hint')}
            />
            <p id="excluded-authors-hint" className="hint">
              Each pattern is matched, ignoring case, against a commit author's whole name, email and username;{' '}
              <code>*</code> stands for any run of characters, every other character for itself. The default,{' '}
              <code>*[bot]</code>, leaves out GitHub's bots such as <code>dependabot[bot]</code>.
            </p>
            <FieldError editor={editor} field="leadTimeExcludedAuthors" />
          </div>
          <SaveBar editor={editor} fields={['leadTimeExcludedAuthors']} />
        </form>
      ) : null}
    </section>
  );
}
