import { type Kysely, sql } from 'kysely';

/**
 * Issue 20, item 2: a deployment's page lists the deliveries that fed it. `deliveries.deployment_id` names the
 * deployment a delivery carried (its creation or one of its status events, through any provider), written by the
 * insert of the delivery row that the receiver runs anyway: no statement more per delivery. A partial index, so
 * that the deliveries of pushes, pull requests and incidents cost it nothing, serves the page's list (newest first)
 * and the clearing of links when a replay or a revoke deletes a deployment.
 *
 * Deliveries stored before stay unlinked: nothing stored says exactly which deployment each one carried (a status
 * event's key is the provider's id, not the delivery key; the time the transaction stamped on both can be shared by
 * several deliveries, and a redelivery or a replay writes no lineage of its own). A replay of the webhook
 * (`shipwatch replay`) reads the kept raw bodies again and links those whose body is still kept.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists (Kysely's documented pattern)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deliveries').addColumn('deployment_id', 'text').execute();
  await db.schema
    .createIndex('deliveries_deployment')
    .on('deliveries')
    .columns(['deployment_id', 'id'])
    .where(sql.ref('deployment_id'), 'is not', null)
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('deliveries_deployment').execute();
  await db.schema.alterTable('deliveries').dropColumn('deployment_id').execute();
}
