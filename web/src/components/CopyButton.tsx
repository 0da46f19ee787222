import { useEffect, useState } from 'react';

interface CopyButtonProps {
  value: string;
  /** The button's text, e.g. "Copy URL". */
  label: string;
  /** The field holding the value: selected when the clipboard cannot be written, so Ctrl+C works. */
  fieldId?: string;
}

/** Copies a value with navigator.clipboard and says so; without a clipboard, selects the field instead. */
export function CopyButton({ value, label, fieldId }: CopyButtonProps) {
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (!message) return;
    const timer = window.setTimeout(() => setMessage(''), 4000);
    return () => window.clearTimeout(timer);
  }, [message]);

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setMessage('Copied');
    } catch {
      const field = fieldId ? document.getElementById(fieldId) : null;
      if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) {
        field.focus();
        field.select();
        setMessage('Selected: press Ctrl+C (⌘C) to copy');
      } else {
        setMessage('Copying is not allowed here: select the text and copy it');
      }
    }
  };

  return (
    <span className="copy">
      <button type="button" className="button button-small" onClick={copy}>
        {label}
      </button>
      <span className="copy-status" role="status">
        {message}
      </span>
    </span>
  );
}
