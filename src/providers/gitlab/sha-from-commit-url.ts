import { asCommitSha } from '../shared/commit-sha.js';

/**
 * The full commit id at the end of a Deployment Hook's `commit_url`
 * (`https://gitlab.example.com/group/project/-/commit/<sha>`), the only place GitLab gives it;
 * `short_sha` is never expanded.
 */
export function shaFromCommitUrl(commitUrl: string | undefined): string | null {
  if (commitUrl === undefined) return null;
  const last = commitUrl.replace(/\/+$/, '').split('/').pop();
  return asCommitSha(last) ?? null;
}
