import { type FormEvent, useEffect, useId, useRef, useState } from 'react';

/** Grace periods offered for the old secret (the API takes 0 to 30 days in seconds). */
export const GRACE_CHOICES: readonly { seconds: number; label: string }[] = [
  { seconds: 0, label: 'No grace: the old secret stops at once' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86_400, label: '1 day' },
  { seconds: 7 * 86_400, label: '7 days' },
  { seconds: 30 * 86_400, label: '30 days' },
];

interface RotateSecretFormProps {
  busy: boolean;
  /** For PagerDuty and incident.io, which make the secret: the provider's name, and the new secret is pasted. */
  pasteSecretFrom?: string | undefined;
  onRotate: (graceSeconds: number, pastedSecret?: string) => void;
  onCancel: () => void;
}

/** Asks how long the old secret stays valid before a rotation (1 day by default), then rotates. */
export function RotateSecretForm({ busy, pasteSecretFrom, onRotate, onCancel }: RotateSecretFormProps) {
  const [grace, setGrace] = useState(86_400);
  const [pasted, setPasted] = useState('');
  const id = useId();
  const pastedId = useId();
  const selectRef = useRef<HTMLSelectElement>(null);
  useEffect(() => selectRef.current?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (pasteSecretFrom === undefined) onRotate(grace);
    else if (pasted.trim() !== '') onRotate(grace, pasted.trim());
  };
  return (
    <form className="rotate-form" onSubmit={submit} data-testid="rotate-form">
      {pasteSecretFrom === undefined ? null : (
        <div className="field">
          <label htmlFor={pastedId}>New secret from {pasteSecretFrom}</label>
          <input
            id={pastedId}
            className="input"
            value={pasted}
            required
            autoComplete="off"
            spellCheck={false}
            disabled={busy}
            onChange={(event) => setPasted(event.target.value)}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={id}>Keep the old secret working for</label>
        <select
          ref={selectRef}
          id={id}
          className="input"
          value={grace}
          disabled={busy}
          onChange={(event) => setGrace(Number(event.target.value))}
        >
          {GRACE_CHOICES.map((choice) => (
            <option key={choice.seconds} value={choice.seconds}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      <p className="hint">Deliveries signed with either secret are accepted meanwhile: time to update the provider.</p>
      <div className="actions">
        <button
          type="submit"
          className="button button-small button-primary"
          disabled={busy || (pasteSecretFrom !== undefined && pasted.trim() === '')}
        >
          {busy ? 'Rotating…' : 'Rotate now'}
        </button>
        <button type="button" className="button button-small" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
