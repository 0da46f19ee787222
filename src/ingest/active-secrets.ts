import type { WebhooksTable } from '../db/schema.js';
import type { SecretBox } from '../secrets/secret-box.js';

/** The secrets a delivery may be verified with: the current one, then the previous one while in its grace period. */
export function activeSecrets(
  row: Pick<WebhooksTable, 'secret_enc' | 'previous_secret_enc' | 'previous_secret_expires_at'>,
  secretBox: SecretBox,
  now: number,
): string[] {
  const secrets: string[] = [];
  if (row.secret_enc !== null) secrets.push(secretBox.decrypt(row.secret_enc));
  if (
    row.previous_secret_enc !== null &&
    row.previous_secret_expires_at !== null &&
    row.previous_secret_expires_at > now
  ) {
    secrets.push(secretBox.decrypt(row.previous_secret_enc));
  }
  return secrets;
}
