/**
 * The shas a commit message says it reverts: each `This reverts commit <sha>` (git's own wording, read ignoring case,
 * any run of white space between the words) followed by 7 to 40 hex digits that no further letter or digit
 * continues. Lowercased, in the order they appear, each once.
 */
export function revertMentions(message: string): string[] {
  const found = new Set<string>();
  for (const match of message.matchAll(/\bthis\s+reverts\s+commit\s+([0-9a-f]{7,40})(?![\p{L}\p{N}])/giu)) {
    found.add((match[1] as string).toLowerCase());
  }
  return [...found];
}
