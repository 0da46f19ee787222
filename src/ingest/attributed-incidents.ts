import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * The ids of the incidents attributed to each deployment of one repository (null: the deployments without one), the
 * input of the `incident` cause (CONTRACT.md version 2). Until the incidents are stored (issue 17 wires them) there
 * are none: this is the one function their wiring fills, with a query over its table returning, per deployment id,
 * the incident ids attributed to it (a person's link or automatic), and a `markVerdictsStale` of the deployment's
 * repository wherever an attribution changes.
 */
export async function loadAttributedIncidents(
  _db: Kysely<Database>,
  _projectId: string,
  _repository: string | null,
): Promise<ReadonlyMap<string, readonly string[]>> {
  return new Map();
}
