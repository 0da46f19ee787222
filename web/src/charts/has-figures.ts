/** What `hasFigures` reads of a chart (a ChartSpec); no imports, so the unit tests can load this file directly. */
export interface FigureRows {
  readonly kind: 'bar' | 'line';
  readonly rows: readonly { readonly value: number | null }[];
}

/**
 * Whether the chart plots anything: a line has a figure as soon as one period has a value, 0 included (a 0 % change
 * failure rate is a point, and the tile counts it); bars of counts show nothing until one is above zero.
 */
export function hasFigures(spec: FigureRows): boolean {
  return spec.kind === 'bar'
    ? spec.rows.some((row) => row.value !== null && row.value > 0)
    : spec.rows.some((row) => row.value !== null);
}
