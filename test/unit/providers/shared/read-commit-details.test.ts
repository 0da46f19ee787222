import { describe, expect, it } from 'vitest';
import { MAX_AUTHOR_FIELD_LENGTH, MAX_COMMIT_MESSAGE_LENGTH } from '../../../../src/domain/index.js';
import { normalizeGithubPush } from '../../../../src/providers/github/normalize-github-push.js';
import { bounded, readCommitDetails } from '../../../../src/providers/shared/read-commit-details.js';
import { fixture } from '../support/fixture.js';
import { pushOf } from '../support/normalized.js';

const lenient = { messageKey: 'message', strictDetails: false };
const strict = { messageKey: 'message', strictDetails: true };

describe('readCommitDetails', () => {
  it('keeps the message whole and the author as sent, an empty field as null', () => {
    const read = readCommitDetails(
      { message: 'Fix\n\nbody', author: { name: 'Jo', email: '', username: 'jo' } },
      'commits[0]',
      lenient,
    );
    expect(read).toEqual({
      ok: true,
      value: { message: 'Fix\n\nbody', author: { name: 'Jo', email: null, username: 'jo' } },
    });
  });

  it('reads Azure DevOps `comment` as the message', () => {
    const read = readCommitDetails({ comment: 'Fixed bug in web.config file', message: 'not this' }, 'c', {
      messageKey: 'comment',
      strictDetails: false,
    });
    expect(read).toEqual({ ok: true, value: { message: 'Fixed bug in web.config file' } });
  });

  it('leaves out an author without any field, and a message of the wrong type when lenient', () => {
    expect(readCommitDetails({ message: 42, author: { date: 'x' } }, 'c', lenient)).toEqual({ ok: true, value: {} });
    expect(readCommitDetails({ author: 'Jo <jo@x>' }, 'c', lenient)).toEqual({ ok: true, value: {} });
  });

  it('names the field of the wrong type when strict', () => {
    expect(readCommitDetails({ message: 42 }, 'commits[1]', strict)).toEqual({
      ok: false,
      reason: 'commits[1].message must be a string when given, got 42',
    });
    expect(readCommitDetails({ author: { name: 'Jo', email: 7 } }, 'commits[0]', strict)).toEqual({
      ok: false,
      reason: 'commits[0].author.email must be a string when given, got 7',
    });
    expect(readCommitDetails({ message: null, author: null }, 'c', strict)).toEqual({ ok: true, value: {} });
  });

  it('bounds a message at 64 Ki code units and an author field at 1 Ki', () => {
    const read = readCommitDetails(
      { message: 'm'.repeat(MAX_COMMIT_MESSAGE_LENGTH + 10), author: { name: 'n'.repeat(5000) } },
      'c',
      lenient,
    );
    if (!read.ok) throw new Error(read.reason);
    expect(read.value.message).toHaveLength(65_536);
    expect(read.value.author?.name).toHaveLength(MAX_AUTHOR_FIELD_LENGTH);
  });

  it('never cuts a surrogate pair in half', () => {
    expect(bounded('ab😀', 3)).toBe('ab');
    expect(bounded('ab😀', 4)).toBe('ab😀');
    expect(bounded('abc', 3)).toBe('abc');
  });
});

describe('a push keeps its commits when a message or author is malformed', () => {
  it('GitHub: the commit stays, without the bad detail', () => {
    const payload = fixture('github', 'push.offsets');
    const commits = payload.commits as Record<string, unknown>[];
    const first = commits[0] as Record<string, unknown>;
    first.author = 'Codertocat';
    first.message = { text: 'no' };
    const push = pushOf(normalizeGithubPush(payload));
    expect(push.commits).toHaveLength(commits.length);
    expect(push.commits[0]?.message).toBeUndefined();
    expect(push.commits[0]?.author).toBeUndefined();
    expect(push.commits[1]?.author?.username).toBe('Codertocat');
  });
});
