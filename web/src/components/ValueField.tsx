import { useId } from 'react';
import { CopyButton } from './CopyButton';

interface ValueFieldProps {
  label: string;
  value: string;
  copyLabel: string;
  /** A data-testid for the input, for end-to-end tests. */
  testId?: string;
  /** A sentence under the field, tied to it by aria-describedby. */
  hint?: string;
}

/** A read-only, labelled value (a URL, a secret, a token) with its copy button. */
export function ValueField({ label, value, copyLabel, testId, hint }: ValueFieldProps) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="value-field">
      <label htmlFor={id}>{label}</label>
      <div className="value-field-row">
        <input
          id={id}
          className="input mono"
          readOnly
          value={value}
          data-testid={testId}
          spellCheck={false}
          aria-describedby={hint ? hintId : undefined}
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton value={value} label={copyLabel} fieldId={id} />
      </div>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
