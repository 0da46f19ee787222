import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_commits_and_pull_requests.js';
import * as m0004 from './0004_deployment_verdicts.js';

/** Every migration, in order. A new one is a new numbered file plus one line here. */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_commits_and_pull_requests': m0002,
  '0004_deployment_verdicts': m0004,
};
