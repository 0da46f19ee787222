import { isAbsolute, resolve } from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * Every environment variable Shipwatch reads, with its default and what it accepts.
 * `loadConfig` is the only reader of `process.env` (STYLE.md): it is called once, at the composition root.
 * The README's table of variables is generated from the same descriptions (a test keeps them in step).
 */
const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'a port number from 0 to 65535' }),
  HOST: Type.String({
    minLength: 1,
    default: '0.0.0.0',
    description: 'an address to listen on, such as 0.0.0.0 or 127.0.0.1',
  }),
  SHIPWATCH_DATA_DIR: Type.String({
    minLength: 1,
    default: './data',
    description: 'a folder for the embedded SQLite database and key files',
  }),
  DATABASE_URL: Type.Optional(
    Type.String({ pattern: '^postgres(ql)?://', description: 'a PostgreSQL URL such as postgres://user@host:5432/db' }),
  ),
  SHIPWATCH_SECRET_KEY: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9+/]{43}=$',
      description: 'the base64 text of 32 random bytes (openssl rand -base64 32)',
    }),
  ),
  SHIPWATCH_PUBLIC_URL: Type.Optional(
    Type.String({
      pattern: '^https?://[^/?#]+(/[^?#]*)?$',
      description: 'the http(s) URL providers reach this server at, such as https://shipwatch.example.com',
    }),
  ),
  SHIPWATCH_ADMIN_TOKEN: Type.Optional(
    Type.String({ minLength: 16, description: 'a token of at least 16 characters' }),
  ),
  SHIPWATCH_SESSION_IDLE_SECONDS: Type.Integer({
    minimum: 60,
    default: 43200,
    description: 'a whole number of seconds, at least 60',
  }),
  SHIPWATCH_MAX_BODY_BYTES: Type.Integer({
    minimum: 1024,
    default: 1048576,
    description: 'a whole number of bytes, at least 1024',
  }),
  SHIPWATCH_MAX_PUSH_BODY_BYTES: Type.Integer({
    minimum: 1024,
    default: 27262976,
    description: 'a whole number of bytes, at least 1024',
  }),
  SHIPWATCH_RAW_BODY_RETENTION_DAYS: Type.Integer({
    minimum: 0,
    default: 30,
    description: 'a whole number of days (0 keeps no raw body)',
  }),
  SHIPWATCH_SQLITE_SYNCHRONOUS: Type.Union([Type.Literal('full'), Type.Literal('normal')], {
    default: 'full',
    description: 'full or normal',
  }),
  SHIPWATCH_SQLITE_WRITER: Type.Union([Type.Literal('thread'), Type.Literal('inline')], {
    default: 'thread',
    description: 'thread or inline',
  }),
  SHIPWATCH_TRUST_PROXY: Type.String({
    default: 'false',
    pattern: '^(true|false|\\d+|[0-9a-fA-F.:/, ]+)$',
    description:
      "false, a comma-separated list of the proxies' addresses/CIDRs (best), a hop count (1: one proxy in front; only where Shipwatch is reachable through the proxies alone), or true (only behind a proxy that overwrites X-Forwarded-For)",
  }),
  SHIPWATCH_LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info', description: 'fatal, error, warn, info, debug, trace or silent' },
  ),
  SHIPWATCH_DB_POOL_SIZE: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 10,
    description: 'a whole number from 1 to 100 (PostgreSQL connections per process)',
  }),
  SHIPWATCH_PG_PREPARED_STATEMENTS: Type.Union([Type.Literal('on'), Type.Literal('off')], {
    default: 'on',
    description: 'on or off (off behind a PgBouncer older than 1.21 in transaction pooling mode)',
  }),
  SHIPWATCH_TOKEN_SIGN_IN: Type.Union([Type.Literal('on'), Type.Literal('off')], {
    default: 'on',
    description: 'on or off (off: the page signs in only with OpenID Connect; bearer tokens still work)',
  }),
  SHIPWATCH_OIDC_ISSUER: Type.Optional(
    Type.String({
      pattern: '^https?://[^/?#]+(/[^?#]*)?$',
      description: "the OpenID provider's issuer URL, such as https://example.okta.com (discovery is read from it)",
    }),
  ),
  SHIPWATCH_OIDC_CLIENT_ID: Type.Optional(
    Type.String({ minLength: 1, description: 'the client id registered with the provider' }),
  ),
  SHIPWATCH_OIDC_CLIENT_SECRET: Type.Optional(
    Type.String({ minLength: 1, description: 'the client secret registered with the provider' }),
  ),
  SHIPWATCH_OIDC_GROUPS_CLAIM: Type.String({
    minLength: 1,
    default: 'groups',
    description: 'the name of the ID token claim that lists the groups (or roles) of a person',
  }),
  SHIPWATCH_OIDC_ADMIN_GROUPS: Type.Optional(
    Type.String({ description: 'a comma-separated list of groups whose members are admins' }),
  ),
  SHIPWATCH_OIDC_MAINTAINER_GROUPS: Type.Optional(
    Type.String({
      description: 'a comma-separated list of groups whose members are maintainers (anyone else signed in is a viewer)',
    }),
  ),
});

type Env = Static<typeof EnvSchema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  readonly secretKey: Buffer | null;
  readonly publicUrl: string;
  /** Whether SHIPWATCH_PUBLIC_URL was set (when not, cookie writes are accepted from the request's own origin). */
  readonly publicUrlSet: boolean;
  readonly adminToken: string | null;
  readonly sessionIdleSeconds: number;
  readonly maxBodyBytes: number;
  readonly maxPushBodyBytes: number;
  readonly rawBodyRetentionDays: number;
  readonly sqliteSynchronous: 'full' | 'normal';
  /** Where SQLite's writes run: a thread of their own (the default), or the main thread (src/db/sqlite-thread/). */
  readonly sqliteWriter: 'thread' | 'inline';
  readonly trustProxy: boolean | number | string;
  readonly logLevel: string;
  readonly dbPoolSize: number;
  /** Whether the receiver's statements run as named prepared statements on PostgreSQL. */
  readonly pgPreparedStatements: boolean;
  /** Whether the page may sign in with a token (`POST /api/session`). */
  readonly tokenSignIn: boolean;
  /** OpenID Connect sign-in, when its issuer, client id and secret are all set. */
  readonly oidc: OidcConfig | null;
}

export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly groupsClaim: string;
  readonly adminGroups: readonly string[];
  readonly maintainerGroups: readonly string[];
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The variable names and what each accepts, for the README and `--help`. */
export function describeVariables(): { name: string; accepts: string; default: string }[] {
  return Object.entries(EnvSchema.properties).map(([name, schema]) => ({
    name,
    accepts: String(schema.description ?? ''),
    default: 'default' in schema ? String(schema.default) : '(unset)',
  }));
}

/** Parses the environment once; throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const raw: Record<string, unknown> = {};
  for (const name of Object.keys(EnvSchema.properties)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const withDefaults = Value.Default(EnvSchema, raw);
  const converted = Value.Convert(EnvSchema, withDefaults);
  for (const name of Object.keys(EnvSchema.properties)) {
    const schema = EnvSchema.properties[name as keyof Env];
    const value = (converted as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (!Value.Check(schema, value)) {
      throw new ConfigError(`${name} must be ${schema.description} (got ${JSON.stringify(String(raw[name]))}).`);
    }
  }
  const e = converted as Env;
  if (e.DATABASE_URL !== undefined && !URL.canParse(e.DATABASE_URL)) {
    throw new ConfigError(
      'DATABASE_URL must be a PostgreSQL URL such as postgres://user@host:5432/db (it does not parse as a URL).',
    );
  }
  const secretKey = e.SHIPWATCH_SECRET_KEY === undefined ? null : Buffer.from(e.SHIPWATCH_SECRET_KEY, 'base64');
  if (secretKey !== null && secretKey.length !== 32) {
    throw new ConfigError('SHIPWATCH_SECRET_KEY must be the base64 text of 32 random bytes (openssl rand -base64 32).');
  }
  if (e.DATABASE_URL !== undefined && secretKey === null) {
    throw new ConfigError(
      'SHIPWATCH_SECRET_KEY is required with DATABASE_URL, so that every server process reads the same webhook secrets (make one with: openssl rand -base64 32).',
    );
  }
  const dataDir = isAbsolute(e.SHIPWATCH_DATA_DIR) ? e.SHIPWATCH_DATA_DIR : resolve(e.SHIPWATCH_DATA_DIR);
  const publicUrl = (e.SHIPWATCH_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? null,
    secretKey,
    publicUrl,
    publicUrlSet: e.SHIPWATCH_PUBLIC_URL !== undefined,
    adminToken: e.SHIPWATCH_ADMIN_TOKEN ?? null,
    sessionIdleSeconds: e.SHIPWATCH_SESSION_IDLE_SECONDS,
    maxBodyBytes: e.SHIPWATCH_MAX_BODY_BYTES,
    maxPushBodyBytes: e.SHIPWATCH_MAX_PUSH_BODY_BYTES,
    rawBodyRetentionDays: e.SHIPWATCH_RAW_BODY_RETENTION_DAYS,
    sqliteSynchronous: e.SHIPWATCH_SQLITE_SYNCHRONOUS,
    sqliteWriter: e.SHIPWATCH_SQLITE_WRITER,
    trustProxy: parseTrustProxy(e.SHIPWATCH_TRUST_PROXY),
    logLevel: e.SHIPWATCH_LOG_LEVEL,
    dbPoolSize: e.SHIPWATCH_DB_POOL_SIZE,
    pgPreparedStatements: e.SHIPWATCH_PG_PREPARED_STATEMENTS === 'on',
    tokenSignIn: e.SHIPWATCH_TOKEN_SIGN_IN === 'on',
    oidc: oidcConfig(e),
  });
}

function oidcConfig(e: Env): OidcConfig | null {
  const set = [e.SHIPWATCH_OIDC_ISSUER, e.SHIPWATCH_OIDC_CLIENT_ID, e.SHIPWATCH_OIDC_CLIENT_SECRET];
  if (set.every((v) => v === undefined)) return null;
  const [issuer, clientId, clientSecret] = set;
  if (issuer === undefined || clientId === undefined || clientSecret === undefined) {
    throw new ConfigError(
      'SHIPWATCH_OIDC_ISSUER, SHIPWATCH_OIDC_CLIENT_ID and SHIPWATCH_OIDC_CLIENT_SECRET go together: set all three, or none.',
    );
  }
  const list = (text: string) =>
    text
      .split(',')
      .map((g) => g.trim())
      .filter((g) => g !== '');
  return {
    issuer,
    clientId,
    clientSecret,
    groupsClaim: e.SHIPWATCH_OIDC_GROUPS_CLAIM,
    adminGroups: list(e.SHIPWATCH_OIDC_ADMIN_GROUPS ?? ''),
    maintainerGroups: list(e.SHIPWATCH_OIDC_MAINTAINER_GROUPS ?? ''),
  };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
