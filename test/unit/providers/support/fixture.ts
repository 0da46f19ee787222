import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './golden.js';

/** A fixture body parsed, to change a field for one test. */
export function fixture(provider: string, name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, provider, `${name}.json`), 'utf8'));
}
