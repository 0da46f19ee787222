import { createHmac } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from '../../../../src/providers/shared/constant-time-equal.js';
import { verifyHmacSignature } from '../../../../src/providers/shared/verify-hmac-signature.js';
import { verifyToken } from '../../../../src/providers/shared/verify-token.js';

describe('verifyHmacSignature', () => {
  it("accepts GitHub's documented test vector", async () => {
    // Source: docs.github.com, "Validating webhook deliveries", test values.
    const result = await verifyHmacSignature(
      Buffer.from('Hello, World!'),
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      ["It's a Secret to Everybody"],
    );
    expect(result).toEqual({ ok: true, secretIndex: 0 });
  });

  it('tries the current secret, then the one in its grace period', async () => {
    const body = '{"zen":"Keep it logically awesome."}';
    const signature = await sign('old secret', body);
    expect(await verifyHmacSignature(Buffer.from(body), signature, ['new secret', 'old secret'])).toEqual({
      ok: true,
      secretIndex: 1,
    });
  });

  it('signs the UTF-8 bytes of a body holding any Unicode', async () => {
    const body = '{"message":"déploiement ✓ 🚀"}';
    const hex = createHmac('sha256', 's3cret').update(Buffer.from(body, 'utf8')).digest('hex');
    expect((await verifyHmacSignature(Buffer.from(body, 'utf8'), `sha256=${hex}`, ['s3cret'])).ok).toBe(true);
  });

  it('checks the raw bytes: invalid UTF-8 altered so that its decoded text stays equal is refused', async () => {
    // 0xff and 0xfe both decode to U+FFFD: the decoded texts are equal, the bytes are not.
    const signed = Buffer.concat([Buffer.from('{"environment":"prod'), Buffer.from([0xff]), Buffer.from('"}')]);
    const altered = Buffer.concat([Buffer.from('{"environment":"prod'), Buffer.from([0xfe]), Buffer.from('"}')]);
    expect(altered.toString('utf8')).toBe(signed.toString('utf8'));
    const hex = createHmac('sha256', 's3cret').update(signed).digest('hex');
    expect(await verifyHmacSignature(signed, `sha256=${hex}`, ['s3cret'])).toEqual({ ok: true, secretIndex: 0 });
    expect(await verifyHmacSignature(altered, `sha256=${hex}`, ['s3cret'])).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
  });

  it.each([
    ['a missing header', undefined, 'missing-signature'],
    ['an empty header', '', 'missing-signature'],
    ['a sha1 signature', 'sha1=0a4d55a8d778e5022fab701977c5d840bbc486d0', 'signature-mismatch'],
    [
      'a signature without prefix',
      '757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      'signature-mismatch',
    ],
    [
      'an upper-case signature',
      'SHA256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17',
      'signature-mismatch',
    ],
    ['garbage', '\u0000\u00ff', 'signature-mismatch'],
  ])('refuses %s', async (_label, signature, reason) => {
    expect(await verifyHmacSignature(Buffer.from('Hello, World!'), signature, ["It's a Secret to Everybody"])).toEqual({
      ok: false,
      reason,
    });
  });

  it('refuses an empty body rather than throwing', async () => {
    expect(await verifyHmacSignature(Buffer.alloc(0), 'sha256=00', ['secret'])).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
  });

  it('refuses everything when no secret is configured, and never names a secret', async () => {
    expect(await verifyHmacSignature(Buffer.from('x'), 'sha256=00', [])).toEqual({ ok: false, reason: 'no-secret' });
    const result = await verifyHmacSignature(Buffer.from('x'), 'sha256=00', ['hunter2-secret']);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
});

describe('verifyToken', () => {
  it('matches the current or the previous secret', () => {
    expect(verifyToken('current', ['current', 'previous'])).toEqual({ ok: true, secretIndex: 0 });
    expect(verifyToken('previous', ['current', 'previous'])).toEqual({ ok: true, secretIndex: 1 });
  });

  it('tells a missing token from a wrong one, and never names the secret', () => {
    expect(verifyToken(undefined, ['s'])).toEqual({ ok: false, reason: 'missing-token' });
    expect(verifyToken('', ['s'])).toEqual({ ok: false, reason: 'missing-token' });
    const wrong = verifyToken('nope', ['the-real-secret']);
    expect(wrong).toEqual({ ok: false, reason: 'token-mismatch' });
    expect(JSON.stringify(wrong)).not.toContain('the-real-secret');
  });

  it('never matches an empty secret, nor a prefix of the secret', () => {
    expect(verifyToken('abc', ['', 'abcd']).ok).toBe(false);
    expect(verifyToken('abcd', ['abc']).ok).toBe(false);
  });
});

describe('constantTimeEqual', () => {
  it('compares strings of any lengths', () => {
    expect(constantTimeEqual('same', 'same')).toBe(true);
    expect(constantTimeEqual('short', 'a much longer string')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
