import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../src/secrets/secret-box.js';

describe('secret box', () => {
  it('decrypts what it encrypted, again and again, and each secret to its own plaintext', () => {
    const box = createSecretBox(randomBytes(32));
    const a = box.encrypt('secret-a');
    const b = box.encrypt('secret-b');
    expect(a).not.toBe(box.encrypt('secret-a'));
    for (let i = 0; i < 3; i++) {
      expect(box.decrypt(a)).toBe('secret-a');
      expect(box.decrypt(b)).toBe('secret-b');
    }
  });

  it('still refuses a ciphertext of another key after a decryption with its own', () => {
    const mine = createSecretBox(randomBytes(32));
    const other = createSecretBox(randomBytes(32));
    const ciphertext = other.encrypt('theirs');
    expect(other.decrypt(ciphertext)).toBe('theirs');
    expect(() => mine.decrypt(ciphertext)).toThrow(/encrypted with key/);
  });

  it('refuses a tampered ciphertext', () => {
    const box = createSecretBox(randomBytes(32));
    const parts = box.encrypt('value').split(':');
    parts[4] = Buffer.from('other').toString('base64url');
    expect(() => box.decrypt(parts.join(':'))).toThrow();
  });
});
