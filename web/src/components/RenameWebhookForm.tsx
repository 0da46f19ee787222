import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { api } from '../api/client';
import type { Webhook } from '../api/types';
import { ErrorNotice } from './Status';

/** The inline rename of a webhook: Enter saves, Escape or the cross cancels; `onDone(null)` when nothing changed. */
export function RenameWebhookForm({
  webhook,
  onDone,
}: {
  webhook: Webhook;
  onDone: (renamed: Webhook | null) => void;
}) {
  const [name, setName] = useState(webhook.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!name.trim()) {
      setError(new Error('Enter a name for the webhook.'));
      return;
    }
    if (name.trim() === webhook.name) {
      onDone(null);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      onDone(await api.renameWebhook(webhook.id, name.trim()));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onDone(null);
    }
  };

  return (
    <form className="rename" onSubmit={save} noValidate>
      <label htmlFor={id} className="visually-hidden">
        Webhook name
      </label>
      <input
        ref={inputRef}
        id={id}
        className="input"
        value={name}
        maxLength={100}
        disabled={busy}
        onChange={(event) => setName(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="icon-button" aria-label="Save name" disabled={busy}>
        <span aria-hidden="true">✓</span>
      </button>
      <button type="button" className="icon-button" aria-label="Cancel rename" onClick={() => onDone(null)}>
        <span aria-hidden="true">✕</span>
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}
