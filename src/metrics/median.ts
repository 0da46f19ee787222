/**
 * The median of `values`, or null when there are none; for an even count, the mean of the two
 * middle values (so a median of whole seconds may end in .5). Does not modify `values`.
 */
export function median(values: readonly number[]): number | null {
  const count = values.length;
  if (count === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const upper = sorted[count >> 1] as number;
  if (count % 2 === 1) return upper;
  const lower = sorted[(count >> 1) - 1] as number;
  return (lower + upper) / 2;
}
