import type { Kysely } from 'kysely';

/**
 * The whole first schema. Types are chosen to mean the same on SQLite and PostgreSQL:
 * text ids, bigint epoch milliseconds, integer 0/1 booleans, text bodies.
 * Landed migrations are never edited; a change is a new numbered file.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists (Kysely's documented pattern)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_enc', 'text')
    .addColumn('previous_secret_enc', 'text')
    .addColumn('previous_secret_expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('verified_at', 'bigint')
    .execute();
  await db.schema.createIndex('webhooks_project').on('webhooks').columns(['project_id', 'created_at']).execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('event', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('delivery_key', 'text')
    .addColumn('raw_body', 'text')
    .addColumn('headers', 'text')
    .addColumn('body_expires_at', 'bigint')
    .execute();
  await db.schema.createIndex('deliveries_webhook_time').on('deliveries').columns(['webhook_id', 'id']).execute();
  await db.schema
    .createIndex('deliveries_webhook_outcome')
    .on('deliveries')
    .columns(['webhook_id', 'outcome', 'id'])
    .execute();
  await db.schema.createIndex('deliveries_body_expiry').on('deliveries').column('body_expires_at').execute();

  await db.schema
    .createTable('delivery_keys')
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('delivery_keys_pk', ['webhook_id', 'key'])
    .execute();

  await db.schema
    .createTable('environments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('production', 'integer', (c) => c.notNull())
    .addColumn('production_set_by_user', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('environments_project_name', ['project_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('deployments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('provider_deployment_id', 'text', (c) => c.notNull())
    .addColumn('repository', 'text')
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id').onDelete('cascade'))
    .addColumn('sha', 'text')
    .addColumn('ref', 'text')
    .addColumn('url', 'text')
    .addColumn('commit_url', 'text')
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_at', 'bigint')
    .addColumn('change_failure', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('commits_count', 'integer')
    .addColumn('commits_complete', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('lead_time_seconds', 'bigint')
    .addColumn('lists_commits', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('deployments_identity', ['project_id', 'provider', 'instance', 'provider_deployment_id'])
    .execute();
  await db.schema
    .createIndex('deployments_project_env_finished')
    .on('deployments')
    .columns(['project_id', 'environment_id', 'finished_at'])
    .execute();
  await db.schema
    .createIndex('deployments_project_finished')
    .on('deployments')
    .columns(['project_id', 'finished_at', 'id'])
    .execute();
  await db.schema
    .createIndex('deployments_project_repo_finished')
    .on('deployments')
    .columns(['project_id', 'repository', 'finished_at'])
    .execute();

  await db.schema
    .createTable('deployment_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('deployment_id', 'text', (c) => c.notNull().references('deployments.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('event_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('provider_state', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('deployment_events_key', ['deployment_id', 'event_key'])
    .execute();

  await db.schema
    .createTable('deployment_listed_commits')
    .addColumn('deployment_id', 'text', (c) => c.notNull().references('deployments.id').onDelete('cascade'))
    .addColumn('sha', 'text', (c) => c.notNull())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('deployment_listed_commits_pk', ['deployment_id', 'sha'])
    .execute();

  await db.schema
    .createTable('pushes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('repository', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('before_sha', 'text', (c) => c.notNull())
    .addColumn('after_sha', 'text', (c) => c.notNull())
    .addColumn('forced', 'integer', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull())
    .addColumn('listed_count', 'integer', (c) => c.notNull())
    .addColumn('total_count', 'integer', (c) => c.notNull())
    .addColumn('first_commit_at', 'bigint')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('push_key', 'text', (c) => c.notNull())
    .addUniqueConstraint('pushes_key', ['project_id', 'push_key'])
    .execute();
  await db.schema.createIndex('pushes_project_repo').on('pushes').columns(['project_id', 'repository']).execute();

  await db.schema
    .createTable('push_commits')
    .addColumn('push_id', 'text', (c) => c.notNull().references('pushes.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('sha', 'text', (c) => c.notNull())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('push_commits_pk', ['push_id', 'position'])
    .execute();
  await db.schema.createIndex('push_commits_sha').on('push_commits').columns(['sha']).execute();

  await db.schema
    .createTable('commits')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('repository', 'text', (c) => c.notNull())
    .addColumn('sha', 'text', (c) => c.notNull())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('commits_pk', ['project_id', 'repository', 'sha'])
    .execute();

  await db.schema
    .createTable('deployment_commits')
    .addColumn('deployment_id', 'text', (c) => c.notNull().references('deployments.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('repository', 'text', (c) => c.notNull())
    .addColumn('sha', 'text', (c) => c.notNull())
    .addColumn('lead_time_seconds', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('deployment_commits_pk', ['deployment_id', 'sha'])
    .execute();
  await db.schema
    .createIndex('deployment_commits_window')
    .on('deployment_commits')
    .columns(['project_id', 'finished_at', 'lead_time_seconds'])
    .execute();
  await db.schema
    .createIndex('deployment_commits_repo')
    .on('deployment_commits')
    .columns(['project_id', 'repository', 'finished_at'])
    .execute();

  await db.schema
    .createTable('repositories')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('repository', 'text', (c) => c.notNull())
    .addColumn('stale_from', 'bigint')
    .addColumn('stale_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('repositories_pk', ['project_id', 'repository'])
    .execute();

  await db.schema
    .createTable('lineage')
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('lineage_pk', ['record_type', 'record_id', 'webhook_id'])
    .execute();
  await db.schema.createIndex('lineage_webhook').on('lineage').columns(['webhook_id', 'record_type']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('token_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_token').on('sessions').column('token_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_log_project').on('audit_log').columns(['project_id', 'id']).execute();

  await db.schema
    .createTable('webhook_tombstones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('revoked_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'meta',
    'webhook_tombstones',
    'audit_log',
    'sessions',
    'api_tokens',
    'lineage',
    'repositories',
    'deployment_commits',
    'commits',
    'push_commits',
    'pushes',
    'deployment_listed_commits',
    'deployment_events',
    'deployments',
    'environments',
    'delivery_keys',
    'deliveries',
    'webhooks',
    'projects',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
