import { type CommitAuthor, MAX_AUTHOR_FIELD_LENGTH, MAX_COMMIT_MESSAGE_LENGTH } from '../../domain/index.js';
import { asObject, describeValue } from './json-values.js';
import { found, missing, type Read } from './read-result.js';

export interface CommitDetails {
  message?: string;
  author?: CommitAuthor;
}

const AUTHOR_KEYS = ['name', 'email', 'username'] as const;

/**
 * A listed commit's message (under `fields.messageKey`) and `author` {`name`, `email`, `username`},
 * each kept as sent (providers already cut long messages: GitHub and GitLab send the message whole
 * or as they store it, Azure DevOps a `comment` it may end with "...") and bounded here: a message
 * at `MAX_COMMIT_MESSAGE_LENGTH`, an author field at `MAX_AUTHOR_FIELD_LENGTH` UTF-16 code units,
 * never cutting a surrogate pair in half. An empty author field is null; an author with no field
 * at all is left out. With `strictDetails`, a value of the wrong type is a reason naming it;
 * otherwise it is left out.
 */
export function readCommitDetails(
  commit: Record<string, unknown>,
  where: string,
  fields: { readonly messageKey: string; readonly strictDetails: boolean },
): Read<CommitDetails> {
  const details: CommitDetails = {};
  const message = commit[fields.messageKey];
  if (typeof message === 'string') details.message = bounded(message, MAX_COMMIT_MESSAGE_LENGTH);
  else if (message !== undefined && message !== null && fields.strictDetails) {
    return missing(`${where}.${fields.messageKey} must be a string when given, got ${describeValue(message)}`);
  }
  const rawAuthor = commit.author;
  const author = asObject(rawAuthor);
  if (author === undefined) {
    if (rawAuthor !== undefined && rawAuthor !== null && fields.strictDetails) {
      return missing(`${where}.author must be an object {name, email} when given, got ${describeValue(rawAuthor)}`);
    }
    return found(details);
  }
  const read: Record<(typeof AUTHOR_KEYS)[number], string | null> = { name: null, email: null, username: null };
  for (const key of AUTHOR_KEYS) {
    const value = author[key];
    if (typeof value === 'string') read[key] = value === '' ? null : bounded(value, MAX_AUTHOR_FIELD_LENGTH);
    else if (value !== undefined && value !== null && fields.strictDetails) {
      return missing(`${where}.author.${key} must be a string when given, got ${describeValue(value)}`);
    }
  }
  if (read.name !== null || read.email !== null || read.username !== null) details.author = read;
  return found(details);
}

/** `text` cut to at most `limit` UTF-16 code units, without leaving half a surrogate pair. */
export function bounded(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
