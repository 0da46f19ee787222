import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SecretBox } from './secret-box.js';

/**
 * Refuses to start with a key that cannot decrypt the stored webhook secrets (issue 14): with a wrong
 * SHIPWATCH_SECRET_KEY the server said it was ready and answered every delivery 500. One stored secret is
 * decrypted (any webhook that has one); none stored, any key will do. `source` is where the key came from, as
 * `loadSecretKey` says: the variable, or the key file's path. The error is one line and holds no key.
 */
export async function checkSecretKey(db: Kysely<Database>, box: SecretBox, source: string): Promise<void> {
  const row = await db
    .selectFrom('webhooks')
    .select(['id', 'secret_enc'])
    .where('secret_enc', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  if (row?.secret_enc === undefined || row.secret_enc === null) return;
  try {
    box.decrypt(row.secret_enc);
  } catch {
    const madeWith = row.secret_enc.split(':')[1] ?? 'unknown';
    const which = source === 'SHIPWATCH_SECRET_KEY' ? 'SHIPWATCH_SECRET_KEY' : `The key file ${source}`;
    throw new Error(
      `${which} cannot decrypt the stored webhook secrets (webhook ${row.id} was encrypted with key ${madeWith}, this key is ${box.keyId}): set SHIPWATCH_SECRET_KEY to the key this database was used with (restore it from the backup made with the database).`,
    );
  }
}
