import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_commits_and_pull_requests.js';
import * as m0003 from './0003_pull_request_bridge.js';
import * as m0004 from './0004_deployment_verdicts.js';
import * as m0005 from './0005_incidents.js';
import * as m0006 from './0006_roles.js';
import * as m0007 from './0007_revoke_pending_delete.js';
import * as m0008 from './0008_teams.js';
import * as m0009 from './0009_incident_candidates.js';
import * as m0010 from './0010_cache_lookups.js';
import * as m0011 from './0011_delivery_deployment.js';

/** Every migration, in order. A new one is a new numbered file plus one line here. */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_commits_and_pull_requests': m0002,
  '0003_pull_request_bridge': m0003,
  '0004_deployment_verdicts': m0004,
  '0005_incidents': m0005,
  '0006_roles': m0006,
  '0007_revoke_pending_delete': m0007,
  '0008_teams': m0008,
  '0009_incident_candidates': m0009,
  '0010_cache_lookups': m0010,
  '0011_delivery_deployment': m0011,
};
