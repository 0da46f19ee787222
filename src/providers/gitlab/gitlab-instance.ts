import type { Headers } from '../provider.js';
import { headerValue } from '../shared/header-value.js';
import { asObject } from '../shared/json-values.js';
import { urlHost } from '../shared/url-host.js';

/**
 * The GitLab instance: the host of `X-Gitlab-Instance` (sent since GitLab 15.5), else of
 * `project.web_url`; undefined when neither is a URL.
 * Source: https://docs.gitlab.com/user/project/integrations/webhooks/ (delivery headers)
 */
export function gitlabInstance(payload: Record<string, unknown>, headers: Headers): string | undefined {
  return urlHost(headerValue(headers, 'x-gitlab-instance')?.trim()) ?? urlHost(asObject(payload.project)?.web_url);
}
