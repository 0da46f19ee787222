import type { Kysely } from 'kysely';

/**
 * Version 2, issue 17: incidents, one row per project, provider and the provider's incident id (PagerDuty
 * `data.id`, incident.io `id`, GitHub `issue.id`, GitLab `object_attributes.id`, generic `incidentId`), whatever
 * webhook delivered it. The row holds the state its events fold to (`mergeIncidentEvents`), `not_incident_reason`
 * null while it counts as an incident, and a person's link: `manual_link` 1 with `manual_deployment_id` (null
 * meaning "not caused by a deployment"). Each distinct event is kept in `incident_events`, so any order of
 * deliveries folds to the same state. Lineage: `lineage` rows with record_type `incident`.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists (Kysely's documented pattern)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('incident_key', 'text', (c) => c.notNull())
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('not_incident_reason', 'text')
    .addColumn('title', 'text')
    .addColumn('url', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('repository', 'text')
    .addColumn('environment', 'text')
    .addColumn('sha', 'text')
    .addColumn('service_id', 'text')
    .addColumn('ordered_at', 'bigint', (c) => c.notNull())
    .addColumn('manual_link', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('manual_deployment_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('incidents_identity', ['project_id', 'provider', 'incident_key'])
    .execute();
  await db.schema.createIndex('incidents_started').on('incidents').columns(['project_id', 'started_at']).execute();

  await db.schema
    .createTable('incident_events')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('event_key', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_events_pk', ['incident_id', 'event_key'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('incident_events').ifExists().execute();
  await db.schema.dropTable('incidents').ifExists().execute();
}
