import { describe, expect, it } from 'vitest';
import { type ChartSpec, hasFigures } from '../../../web/src/charts/chart-data.js';

const spec = (kind: ChartSpec['kind'], values: (number | null)[]): ChartSpec => ({
  kind,
  unit: 'u',
  format: String,
  rows: values.map((value, i) => ({ label: String(i), period: String(i), value })),
});

describe('hasFigures (the chart\'s "No figures in this window")', () => {
  it('counts a line point of 0 as a figure: a 0 % change failure rate is plotted and counted by the tile', () => {
    expect(hasFigures(spec('line', [null, 0, null]))).toBe(true);
    expect(hasFigures(spec('line', [null, null]))).toBe(false);
  });

  it('shows bars only when a count is above zero', () => {
    expect(hasFigures(spec('bar', [0, 0, 0]))).toBe(false);
    expect(hasFigures(spec('bar', [0, 2, 0]))).toBe(true);
  });
});
