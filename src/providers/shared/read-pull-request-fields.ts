import { asObject, asText } from './json-values.js';

/** A pull request number: a positive safe integer, else undefined. */
export function asPullRequestNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** The names of a label list (`labels[].name` on GitHub and Azure DevOps, `labels[].title` on GitLab), empty ones left out. */
export function labelNames(value: unknown, key: 'name' | 'title'): string[] {
  if (!Array.isArray(value)) return [];
  const names: string[] = [];
  for (const entry of value) {
    const name = asText(asObject(entry)?.[key]);
    if (name !== undefined) names.push(name);
  }
  return names;
}

/** A branch name: Azure DevOps' `refs/heads/main` as `main`; a name without the prefix as given. */
export function branchName(value: unknown): string | undefined {
  const text = asText(value);
  return text?.startsWith('refs/heads/') ? text.slice('refs/heads/'.length) : text;
}
