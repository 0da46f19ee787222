import type { Headers } from '../provider.js';
import { headerValue } from '../shared/header-value.js';
import { asObject } from '../shared/json-values.js';
import { urlHost } from '../shared/url-host.js';

/**
 * The GitHub instance a payload comes from: the host of `repository.html_url`, else GitHub
 * Enterprise Server's `X-GitHub-Enterprise-Host` header, else the host of `repository.url`
 * (`api.github.com` is github.com), else `github.com`.
 */
export function githubHost(payload: Record<string, unknown>, headers: Headers): string {
  const repository = asObject(payload.repository);
  const fromHtml = urlHost(repository?.html_url);
  if (fromHtml !== undefined) return fromHtml;
  const enterprise = headerValue(headers, 'x-github-enterprise-host')?.trim().toLowerCase();
  if (enterprise !== undefined && enterprise !== '') return enterprise;
  const fromApi = urlHost(repository?.url);
  if (fromApi !== undefined) return fromApi === 'api.github.com' ? 'github.com' : fromApi;
  return 'github.com';
}
