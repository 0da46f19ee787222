import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../src/errors.js';

describe('the error catalogue', () => {
  it('docs/ERRORS.md lists exactly the codes of src/errors.ts, with their statuses', () => {
    const doc = readFileSync(new URL('../../docs/ERRORS.md', import.meta.url), 'utf8');
    const documented = new Map<string, number>();
    for (const match of doc.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm))
      documented.set(match[1] ?? '', Number(match[2]));
    const catalogue = new Map(Object.entries(ERROR_CATALOGUE).map(([code, e]) => [code, e.status]));
    expect(documented).toEqual(catalogue);
  });
});
