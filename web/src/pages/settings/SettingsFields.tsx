import { errorMessage } from '../../api/client';
import { ErrorNotice, Loading } from '../../components/Status';
import type { SettingsField } from '../../lib/settings-fields';
import type { SettingsEditor } from './use-project-settings';

/** What every settings tab says first: a setting applies to all history, at once. */
export function HistoryNote({ children }: { children: string }) {
  return (
    <p className="notice settings-history" data-testid="settings-history-note">
      <strong>History changes at once.</strong> {children}
    </p>
  );
}

/** The id of a field's error line, for aria-describedby. */
export const errorIdOf = (field: SettingsField) => `settings-error-${field.replace(/\W/g, '-')}`;

/** Props that tie an input to the API's error about it (aria-invalid, aria-describedby with its hint). */
export function invalidProps(editor: SettingsEditor, field: SettingsField, hintId?: string) {
  const invalid = editor.errorField === field;
  const describedBy = [hintId, invalid ? errorIdOf(field) : undefined].filter(Boolean).join(' ');
  return {
    'aria-invalid': invalid ? true : undefined,
    'aria-describedby': describedBy === '' ? undefined : describedBy,
  };
}

/** The API's message under the field it names. */
export function FieldError({ editor, field }: { editor: SettingsEditor; field: SettingsField }) {
  if (editor.errorField !== field) return null;
  return (
    <p id={errorIdOf(field)} className="field-error" role="alert">
      {errorMessage(editor.error)}
    </p>
  );
}

/** Loading and load errors of the settings, before a tab can show them. */
export function SettingsLoading({ editor }: { editor: SettingsEditor }) {
  if (editor.state.data) return null;
  if (editor.state.status === 'error') return <ErrorNotice error={editor.state.error} onRetry={editor.reload} />;
  return <Loading label="Loading settings…" />;
}

/** Save, with a save's error that names no field of this tab above it, and "Saved." beside it. */
export function SaveBar({ editor, fields }: { editor: SettingsEditor; fields: readonly SettingsField[] }) {
  const elsewhere = editor.error !== undefined && (editor.errorField === null || !fields.includes(editor.errorField));
  return (
    <>
      {elsewhere ? <ErrorNotice error={editor.error} /> : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={editor.saving}>
          {editor.saving ? 'Saving…' : 'Save'}
        </button>
        <span role="status" className="saved">
          {editor.saved}
        </span>
      </div>
    </>
  );
}

/** A read-only list of texts for a viewer ("none" when empty). */
export function TextList({ items, empty }: { items: readonly string[]; empty: string }) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="settings-list">
      {items.map((item) => (
        <li key={item}>
          <code>{item}</code>
        </li>
      ))}
    </ul>
  );
}
