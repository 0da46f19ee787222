import { describe, expect, it } from 'vitest';
import { type FigureRows, hasFigures } from '../../../web/src/charts/has-figures.js';

const spec = (kind: FigureRows['kind'], values: (number | null)[]): FigureRows => ({
  kind,
  rows: values.map((value) => ({ value })),
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
