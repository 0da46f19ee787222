import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../src/errors.js';
import { validateName } from '../../../src/manage/validate.js';

function refusal(value: string, field?: string): HttpError {
  try {
    validateName(value, field);
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(value)} was accepted`);
}

describe('validateName', () => {
  it('keeps ordinary names, in any script, trimmed', () => {
    expect(validateName('  Checkout  ')).toBe('Checkout');
    expect(validateName('שלום עולם')).toBe('שלום עולם');
    expect(validateName('مرحبا')).toBe('مرحبا');
    expect(validateName('👩‍💻'.normalize())).toBe('👩‍💻');
  });

  it('refuses right-to-left overrides and other bidi controls, naming the field', () => {
    const controls = [
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200e',
      '\u200f',
      '\u061c',
    ];
    for (const control of controls) {
      const error = refusal(`invoice${control}fdp.exe`, 'name');
      expect(error.code).toBe('invalid_request');
      expect(error.message).toMatch(/^name must not contain/);
      expect(error.message).toContain(`U+${control.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`);
    }
  });

  it('refuses zero-width characters, naming the field', () => {
    for (const invisible of ['\u200b', '\u200c', '\u2060', '\ufeff']) {
      const error = refusal(`pro${invisible}duction`, 'webhook name');
      expect(error.message).toMatch(/^webhook name must not contain/);
      expect(error.message).toContain('invisible');
    }
  });
});

describe('validateName and the zero-width joiner', () => {
  it('keeps it between two pictographs (an emoji sequence), refuses it elsewhere', () => {
    expect(validateName('👩‍💻 platform')).toBe('👩‍💻 platform');
    expect(validateName('🏳️‍🌈 pride')).toBe('🏳️‍🌈 pride');
    expect(refusal('pay\u200dment').message).toContain('U+200D');
    expect(refusal('👩\u200dx').message).toContain('U+200D');
    expect(refusal('\u200d💻').message).toContain('U+200D');
  });
});
