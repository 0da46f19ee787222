import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdsWords, subjectLine, wordsOf } from '../../../src/metrics/hotfix-keywords.js';
import { revertMentions } from '../../../src/metrics/revert-mentions.js';

describe('hotfix keywords', () => {
  it('splits on anything but Unicode letters and digits, ignoring case', () => {
    expect(wordsOf('refs/heads/HotFix-Login_2')).toEqual(['refs', 'heads', 'hotfix', 'login', '2']);
    expect(wordsOf('Correctif urgent: café ÉTÉ')).toEqual(['correctif', 'urgent', 'café', 'été']);
    // A decomposed "é" (e + U+0301) is one letter after NFC normalization.
    expect(wordsOf('cafe\u0301')).toEqual(['café']);
    expect(wordsOf('修复-紧急')).toEqual(['修复', '紧急']);
    expect(wordsOf(' -- ')).toEqual([]);
  });

  it('a keyword of several words must occur consecutively; a keyword without words matches nothing', () => {
    const words = wordsOf('Quick-fix for the search page');
    expect(holdsWords(words, wordsOf('quick fix'))).toBe(true);
    expect(holdsWords(words, wordsOf('Quick_Fix'))).toBe(true);
    expect(holdsWords(words, wordsOf('fix quick'))).toBe(false);
    expect(holdsWords(words, wordsOf('quick search'))).toBe(false);
    expect(holdsWords(words, wordsOf('page'))).toBe(true);
    expect(holdsWords(words, wordsOf('pages'))).toBe(false);
    expect(holdsWords(words, wordsOf('--'))).toBe(false);
    expect(holdsWords([], wordsOf('hotfix'))).toBe(false);
  });

  it('the subject line is the first line of the message', () => {
    expect(subjectLine('Hotfix: cart\r\n\r\nbody')).toBe('Hotfix: cart');
    expect(subjectLine('')).toBe('');
  });
});

describe('revertMentions', () => {
  it('reads git’s wording, 7 to 40 hex digits, lowercased, each once', () => {
    const full = 'A1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
    expect(revertMentions(`Revert "x"\n\nThis reverts commit ${full}.`)).toEqual([full.toLowerCase()]);
    expect(revertMentions('this reverts commit abcdef0 and This reverts commit abcdef0')).toEqual(['abcdef0']);
    expect(revertMentions('This  reverts\ncommit 1234567, This reverts commit 89abcde')).toEqual([
      '1234567',
      '89abcde',
    ]);
  });

  it('refuses fewer than 7 or more than 40 digits, a run continued by a letter, and other wording', () => {
    expect(revertMentions('This reverts commit abcdef')).toEqual([]);
    expect(revertMentions(`This reverts commit ${'a'.repeat(41)}`)).toEqual([]);
    expect(revertMentions('This reverts commit abcdef0g')).toEqual([]);
    expect(revertMentions('This reverts commit abcdef0é')).toEqual([]);
    expect(revertMentions('Reverts commit abcdef0')).toEqual([]);
    expect(revertMentions('XThis reverts commit abcdef0')).toEqual([]);
  });

  it('reads each message as the whole pattern does, the word test first or not (property)', () => {
    // The pattern on its own, as matchAll reads it: what the quick word test must never change.
    const reference = (message: string) => [
      ...new Set(
        [...message.matchAll(/\bthis\s+reverts\s+commit\s+([0-9a-f]{7,40})(?![\p{L}\p{N}])/giu)].map((match) =>
          (match[1] as string).toLowerCase(),
        ),
      ),
    ];
    // Fragments that make mentions, near-mentions and Unicode case folding (ſ folds to s, K to k) likely.
    const fragment = fc.constantFrom(
      'This reverts commit ',
      'this  REVERTS\ncommit ',
      'THIS REVERTſ commit ',
      'this reverts commit',
      'revert',
      'abcdef0',
      'ABCDEF0123',
      '1234567890abcdef1234567890abcdef12345678',
      'é',
      'g',
      ' ',
      '.',
      'X',
      'K',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 12 }), (parts) => {
        const message = parts.join('');
        expect(revertMentions(message)).toEqual(reference(message));
        // Called again on the same message: the shared expression keeps no state between calls.
        expect(revertMentions(message)).toEqual(reference(message));
      }),
      { numRuns: 2000 },
    );
  });
});
