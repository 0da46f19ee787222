import { asObject } from '../shared/json-values.js';
import { organizationFromUrl } from './organization-from-url.js';

/**
 * The organization a service-hook event comes from: from the `baseUrl` of its
 * `resourceContainers` (account, collection, project), else from the event's own URLs
 * (`otherUrls`, in the order given). Undefined when none tells.
 * Source: MicrosoftDocs/azure-devops-docs docs/service-hooks/events.md (envelope `resourceContainers`).
 */
export function azureOrganization(payload: Record<string, unknown>, otherUrls: readonly unknown[]): string | undefined {
  const containers = asObject(payload.resourceContainers);
  const baseUrls = ['account', 'collection', 'project'].map((name) => asObject(containers?.[name])?.baseUrl);
  for (const url of [...baseUrls, ...otherUrls]) {
    const organization = organizationFromUrl(url);
    if (organization !== undefined) return organization;
  }
  return undefined;
}
