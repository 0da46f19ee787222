/** The providers Shipwatch receives webhooks from. `registry.ts` in src/providers is the only list of their implementations. */
export const PROVIDER_IDS = ['github', 'gitlab', 'azure-devops', 'generic', 'pagerduty', 'incident-io'] as const;

export type ProviderId = (typeof PROVIDER_IDS)[number];

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && (PROVIDER_IDS as readonly string[]).includes(value);
}
