import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NormalizedEvent } from '../../../../src/domain/index.js';

export const FIXTURES = new URL('../../../fixtures/', import.meta.url).pathname;

export interface GoldenCase {
  /** `deployment.success-offset` for `deployment.success-offset.json`. */
  readonly name: string;
  /** The body exactly as stored. */
  readonly body: string;
  /** Extra request headers from `<name>.headers.json`, if any. */
  readonly headers: Record<string, string>;
  /** Where the expected normalized output is kept, in the golden view: `<name>.expected.json`. */
  readonly expectedFile: string;
}

/** Every fixture of a provider's folder with its golden expected output. */
export function goldenCases(provider: string): GoldenCase[] {
  const dir = join(FIXTURES, provider);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json') && !file.endsWith('.expected.json') && !file.endsWith('.headers.json'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.json'.length);
      const headersFile = join(dir, `${name}.headers.json`);
      return {
        name,
        body: readFileSync(join(dir, file), 'utf8'),
        headers: existsSync(headersFile) ? JSON.parse(readFileSync(headersFile, 'utf8')) : {},
        expectedFile: join(dir, `${name}.expected.json`),
      };
    });
}

const TIME_KEYS = new Set(['at', 'startedAt', 'timestamp', 'openedAt', 'mergedAt', 'updatedAt']);

/**
 * A normalized event as the golden files write it: the same object, with epoch-millisecond
 * times (`at`, `startedAt`, `timestamp`, and a pull request's `openedAt`, `mergedAt`, `updatedAt`) written as ISO strings so a person can check them.
 */
export function goldenView(event: NormalizedEvent): unknown {
  return JSON.parse(
    JSON.stringify(event, (key, value) =>
      TIME_KEYS.has(key) && typeof value === 'number' ? new Date(value).toISOString() : value,
    ),
  );
}
