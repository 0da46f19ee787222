import type { ProviderId } from '../api/types';

export const PROVIDER_NAMES: Record<ProviderId, string> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  'azure-devops': 'Azure DevOps',
  generic: 'Generic',
};

export const PROVIDERS: readonly ProviderId[] = ['github', 'gitlab', 'azure-devops', 'generic'];
