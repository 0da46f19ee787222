const PREFIX = 'whsec_';

/**
 * The HMAC key of a Standard Webhooks secret: the base64-decoded part after `whsec_` (a secret
 * pasted without the prefix is decoded whole, as the reference library does). Null when nothing
 * decodes, so an unusable secret matches no signature.
 * Source: standard-webhooks/standard-webhooks libraries/javascript/src/index.ts.
 */
export function standardWebhookKey(secret: string): Buffer | null {
  const encoded = (secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret).trim();
  if (encoded === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null;
  const key = Buffer.from(encoded, 'base64');
  return key.length === 0 ? null : key;
}
