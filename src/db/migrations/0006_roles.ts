import type { Kysely } from 'kysely';

/**
 * Version 2, issue 18 (CONTRACT.md "People, roles and sign-in"): a token carries a role and, optionally, the
 * projects it is limited to (a JSON array of ids; null: every project). Tokens made before keep `admin`, the
 * contract's rule. People who sign in with OpenID Connect are kept in `users` (one per issuer and subject), their
 * role recomputed from the groups claim at each sign-in; a session belongs to a token or to a user (`user_id`
 * set, `token_id` empty).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists (Kysely's documented pattern)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('api_tokens')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('admin'))
    .execute();
  await db.schema.alterTable('api_tokens').addColumn('project_ids', 'text').execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .addUniqueConstraint('users_identity', ['issuer', 'subject'])
    .execute();

  await db.schema
    .alterTable('sessions')
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  // A sign-in under way: the browser holds a random id in a cookie; its state, nonce and PKCE verifier wait here,
  // taken once by the callback (so any server process can answer it, and none twice).
  await db.schema
    .createTable('oidc_logins')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('oidc_logins').ifExists().execute();
  await db.schema.dropIndex('sessions_user').ifExists().execute();
  await db.schema.alterTable('sessions').dropColumn('user_id').execute();
  await db.schema.dropTable('users').ifExists().execute();
  await db.schema.alterTable('api_tokens').dropColumn('project_ids').execute();
  await db.schema.alterTable('api_tokens').dropColumn('role').execute();
}
