import { useId } from 'react';
import { CopyButton } from '../CopyButton';
import { ScrollRegion } from '../ScrollRegion';

/** A block of code to paste, with its own copy button. */
export function CodeBlock({ code, label }: { code: string; label: string }) {
  const id = useId();
  return (
    <div className="code-block">
      <ScrollRegion label={label} className="code-scroll">
        <pre id={id} className="code">
          <code>{code}</code>
        </pre>
      </ScrollRegion>
      <CopyButton value={code} label={`Copy ${label}`} />
    </div>
  );
}

/** A value to paste inline in a step (the URL, the secret), selectable as a whole. */
export function Value({ children }: { children: string }) {
  return <code className="value break">{children}</code>;
}
