/** The people tables of migration 0006 (OpenID Connect), as Kysely sees them (kept apart: schema.ts stays under 300 lines). */
export interface OidcLoginsTable {
  /** SHA-256 hex of the random id the browser's `shipwatch_oidc` cookie holds. */
  id_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  created_at: number;
}

export interface UsersTable {
  id: string;
  issuer: string;
  subject: string;
  name: string | null;
  email: string | null;
  role: string;
  created_at: number;
  last_sign_in_at: number;
  disabled_at: number | null;
}
