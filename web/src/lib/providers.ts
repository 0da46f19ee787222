import type { ProviderId } from '../api/types';

export const PROVIDER_NAMES: Record<ProviderId, string> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  'azure-devops': 'Azure DevOps',
  generic: 'Generic',
  pagerduty: 'PagerDuty',
  'incident-io': 'incident.io',
};

/** The providers of the Deployment section. */
export const PROVIDERS: readonly ProviderId[] = ['github', 'gitlab', 'azure-devops', 'generic'];

/** The providers of the Incidents section: they make the signing secret, which is pasted into Shipwatch. */
export const INCIDENT_PROVIDERS: readonly ProviderId[] = ['pagerduty', 'incident-io'];

/** Whether the API's provider string is one the page knows (the API sends it as a plain string). */
export function isProviderId(provider: string): provider is ProviderId {
  return (PROVIDERS as readonly string[]).includes(provider) || isIncidentProvider(provider);
}

/** Whether the provider makes the secret (created and rotated with the one pasted). */
export function isIncidentProvider(provider: string): boolean {
  return (INCIDENT_PROVIDERS as readonly string[]).includes(provider);
}

/** A provider's name for people; one the page does not know is shown as the API sent it. */
export function providerName(provider: string): string {
  return isProviderId(provider) ? PROVIDER_NAMES[provider] : provider;
}
