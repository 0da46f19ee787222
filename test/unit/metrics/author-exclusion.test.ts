import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CommitAuthor } from '../../../src/domain/index.js';
import { DEFAULT_EXCLUDED_AUTHORS, matchesExcludedAuthor } from '../../../src/metrics/author-exclusion.js';

const author = (name: string | null, email: string | null = null, username: string | null = null): CommitAuthor => ({
  name,
  email,
  username,
});

describe('matchesExcludedAuthor', () => {
  it('the default excludes bots by name, email or username, and no person', () => {
    expect(matchesExcludedAuthor(DEFAULT_EXCLUDED_AUTHORS, author('dependabot[bot]'))).toBe(true);
    expect(matchesExcludedAuthor(DEFAULT_EXCLUDED_AUTHORS, author('Renovate', null, 'renovate[bot]'))).toBe(true);
    expect(matchesExcludedAuthor(DEFAULT_EXCLUDED_AUTHORS, author('GitHub Actions', 'actions[BOT]'))).toBe(true);
    expect(matchesExcludedAuthor(DEFAULT_EXCLUDED_AUTHORS, author('Ana Lima', 'ana@acme.example', 'ana'))).toBe(false);
    // The whole field must match: "[bot]" inside a name is not at its end.
    expect(matchesExcludedAuthor(DEFAULT_EXCLUDED_AUTHORS, author('[bot] helper'))).toBe(false);
  });

  it('ignores case and matches each field whole', () => {
    expect(matchesExcludedAuthor(['release bot'], author('Release Bot'))).toBe(true);
    expect(matchesExcludedAuthor(['release'], author('Release Bot'))).toBe(false);
    expect(matchesExcludedAuthor(['*@ci.acme.example'], author('Jo', 'BUILD@CI.ACME.EXAMPLE'))).toBe(true);
    expect(matchesExcludedAuthor(['jo'], author('Someone', 'x@y', 'JO'))).toBe(true);
  });

  it('only * is special: ? [ ] \\ . match themselves', () => {
    expect(matchesExcludedAuthor(['b?t'], author('bot'))).toBe(false);
    expect(matchesExcludedAuthor(['b?t'], author('b?t'))).toBe(true);
    expect(matchesExcludedAuthor(['[ab]ot'], author('aot'))).toBe(false);
    expect(matchesExcludedAuthor(['[ab]ot'], author('[AB]ot'))).toBe(true);
    expect(matchesExcludedAuthor(['a\\*'], author('a\\'))).toBe(true);
    expect(matchesExcludedAuthor(['a\\*'], author('a*'))).toBe(false);
    expect(matchesExcludedAuthor(['a.c'], author('abc'))).toBe(false);
  });

  it('* matches any run, possibly empty, anywhere', () => {
    expect(matchesExcludedAuthor(['*'], author('anyone'))).toBe(true);
    expect(matchesExcludedAuthor(['*'], author(''))).toBe(true);
    expect(matchesExcludedAuthor(['a*b*c'], author('abc'))).toBe(true);
    expect(matchesExcludedAuthor(['a*b*c'], author('aXbYbZc'))).toBe(true);
    expect(matchesExcludedAuthor(['a*b*c'], author('aXbYc d'))).toBe(false);
    expect(matchesExcludedAuthor(['**x'], author('x'))).toBe(true);
  });

  it('no author, no field or no pattern: nothing matches', () => {
    expect(matchesExcludedAuthor(['*'], null)).toBe(false);
    expect(matchesExcludedAuthor(['*'], undefined)).toBe(false);
    expect(matchesExcludedAuthor(['*'], author(null))).toBe(false);
    expect(matchesExcludedAuthor([], author('dependabot[bot]'))).toBe(false);
  });

  it('agrees with a regular-expression implementation', () => {
    // Independent: escape every character but *, which becomes [\s\S]*, anchored, on lower-cased text.
    const reference = (patterns: string[], fields: (string | null)[]) =>
      patterns.some((pattern) => {
        const source = [...pattern.toLowerCase()]
          .map((ch) => (ch === '*' ? '[\\s\\S]*' : ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')))
          .join('');
        const regex = new RegExp(`^${source}$`, 'u');
        return fields.some((field) => field !== null && regex.test(field.toLowerCase()));
      });
    const chars = fc.constantFrom('a', 'B', 'b', '*', '?', '[', ']', '\\', '.', '@', ' ', 'é', 'É');
    const text = fc.array(chars, { maxLength: 8 }).map((list) => list.join(''));
    const field = fc.option(text, { nil: null });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 3 }), field, field, field, (patterns, name, email, username) => {
        expect(matchesExcludedAuthor(patterns, author(name, email, username))).toBe(
          reference(patterns, [name, email, username]),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
