import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM encryption of webhook secrets at rest. A ciphertext is `v1:<keyId>:<iv>:<tag>:<data>` (base64url
 * parts); `keyId` names the key that made it (the first 16 hex digits of its SHA-256), so a key change is
 * detected instead of producing garbage.
 */
export interface SecretBox {
  readonly keyId: string;
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** Decrypted secrets kept per box, by ciphertext (each ciphertext has its own IV, so a new secret is a new entry). */
const DECRYPTED_KEPT = 1024;

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('The secret key must be 32 bytes.');
  const keyId = keyIdOf(key);
  // Every delivery needs its webhook's secret: decrypting it each time cost more than checking the signature.
  const decrypted = new Map<string, string>();
  return {
    keyId,
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v1', keyId, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join(':');
    },
    decrypt(ciphertext) {
      const known = decrypted.get(ciphertext);
      if (known !== undefined) return known;
      const [version, id, iv, tag, data] = ciphertext.split(':');
      if (version !== 'v1' || iv === undefined || tag === undefined || data === undefined) {
        throw new Error('Unreadable webhook secret ciphertext.');
      }
      if (id !== keyId) {
        throw new Error(
          `A webhook secret was encrypted with key ${id}, but the configured SHIPWATCH_SECRET_KEY is ${keyId}: restore the key that was backed up with the database.`,
        );
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plaintext = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
      if (decrypted.size >= DECRYPTED_KEPT) decrypted.delete(decrypted.keys().next().value as string);
      decrypted.set(ciphertext, plaintext);
      return plaintext;
    },
  };
}
