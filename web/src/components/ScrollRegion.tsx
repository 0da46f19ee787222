import type { ReactNode } from 'react';

/**
 * A region that scrolls sideways on narrow screens (tables, code). It takes the focus so that
 * keyboard users can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function ScrollRegion({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <section className={className ?? 'table-scroll'} aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
