import { shortSha } from './detail-time.js';
import type { DetectionDeployment } from './detection-deployment.js';

/**
 * The words of a text as the hotfix rule reads them: split on every run of characters that are neither Unicode
 * letters nor decimal digits (after NFC normalization, so a decomposed "é" stays one letter), each lowercased.
 */
export function wordsOf(text: string): string[] {
  return nfc(text)
    .split(/[^\p{L}\p{Nd}]+/u)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/** Whether `keyword`'s words occur consecutively among `words` (a keyword without words matches nothing). */
export function holdsWords(words: readonly string[], keyword: readonly string[]): boolean {
  if (keyword.length === 0) return false;
  for (let start = 0; start + keyword.length <= words.length; start += 1) {
    if (keyword.every((word, offset) => words[start + offset] === word)) return true;
  }
  return false;
}

/** The first line of a message. */
export function subjectLine(message: string): string {
  return message.split(/\r?\n/u, 1)[0] ?? '';
}

/**
 * Where a deployment shows a hotfix keyword, as the end of a sentence ("\"hotfix\" in its ref hotfix/search"), or
 * null: its `ref`, the subject line of each commit it brings, and each merged pull request it brings (its title, its
 * labels, the subject lines of the commits its merge's own push listed), in that order; the keywords in the
 * settings' order.
 */
export function hotfixEvidence(deployment: DetectionDeployment, keywords: readonly string[]): string | null {
  const texts: { text: string; where: (text: string) => string }[] = [];
  if (deployment.ref !== null) texts.push({ text: deployment.ref, where: (text) => `its ref ${text}` });
  for (const commit of deployment.brought) {
    const subject = subjectLine(commit.message ?? '');
    texts.push({ text: subject, where: (text) => `the subject of commit ${shortSha(commit.sha)} "${text}"` });
  }
  for (const pull of deployment.pullRequests) {
    texts.push({ text: pull.title, where: (text) => `the title of pull request "${text}"` });
    for (const label of pull.labels) {
      texts.push({ text: label, where: (text) => `the label "${text}" of pull request "${pull.title}"` });
    }
    for (const listed of pull.mergePushSubjects) {
      const subject = subjectLine(listed);
      texts.push({ text: subject, where: (text) => `the commit "${text}" merged by pull request "${pull.title}"` });
    }
  }
  const keywordWords = keywords.map((keyword) => ({ keyword, words: wordsOf(keyword) }));
  for (const { text, where } of texts) {
    // A cheap test first: a keyword's first word must be in the lowercased text for its words to be among the text's.
    const lowered = nfc(text).toLowerCase();
    if (!keywordWords.some(({ words: wanted }) => wanted[0] !== undefined && lowered.includes(wanted[0]))) continue;
    const words = wordsOf(text);
    for (const { keyword, words: wanted } of keywordWords) {
      if (holdsWords(words, wanted)) return `"${keyword}" in ${where(text)}`;
    }
  }
  return null;
}

/** NFC normalization, skipped for ASCII text (which it leaves unchanged), the common case. */
function nfc(text: string): string {
  return /^[\x20-\x7e]*$/u.test(text) ? text : text.normalize('NFC');
}
