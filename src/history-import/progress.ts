import type { ImportProgress } from './import-history.js';

export interface ProgressOutput {
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
  write(text: string): unknown;
}

const REDRAW_MS = 100;

/**
 * Progress on stderr while a file is imported: on a terminal, one bar redrawn in place (at most ten times a
 * second); otherwise (CI logs, pipes) one plain line each time another tenth of the file is done.
 */
export function createProgress(output: ProgressOutput, totalBytes: number, now: () => number = Date.now) {
  let lastDraw = Number.NEGATIVE_INFINITY;
  let lastTenth = 0;
  const fraction = (p: ImportProgress) => (totalBytes <= 0 ? 1 : Math.min(1, p.bytes / totalBytes));
  const counts = (p: ImportProgress) =>
    `${p.accepted} accepted, ${p.duplicate} duplicate, ${p.ignored} ignored, ${p.rejected} rejected`;
  return {
    update(p: ImportProgress): void {
      const done = fraction(p);
      if (output.isTTY === true) {
        const at = now();
        if (at - lastDraw < REDRAW_MS && done < 1) return;
        lastDraw = at;
        const width = Math.max(10, Math.min(40, (output.columns ?? 80) - 70));
        const filled = Math.round(done * width);
        output.write(
          `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(done * 100)).padStart(3)}%  line ${p.line}: ${counts(p)}\u001b[K`,
        );
        return;
      }
      const tenth = Math.floor(done * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        output.write(`import: ${tenth * 10}% (line ${p.line}): ${counts(p)}\n`);
      }
    },
    /** Ends the bar's line on a terminal. */
    finish(): void {
      if (output.isTTY === true) output.write('\n');
    },
  };
}
