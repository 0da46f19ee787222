import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The reporter's one file, `src/reporter/reporter.mjs`, found from the project's root: tsc builds dist/ from the
 * .ts files only, so the server and the CLI read the same .mjs from src/ whether they run from src/ (tests) or
 * from dist/ (both one folder below the root).
 */
export function reporterPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '..', '..', 'src', 'reporter', 'reporter.mjs');
}
