import type { ProviderId } from '../domain/index.js';
import { azureDevops } from './azure-devops/index.js';
import { generic } from './generic/index.js';
import { github } from './github/index.js';
import { gitlab } from './gitlab/index.js';
import { incidentIo } from './incident-io/index.js';
import { pagerduty } from './pagerduty/index.js';
import type { Provider } from './provider.js';

/** The only list of providers: adding one is a folder and a line here. */
export const providers: Record<ProviderId, Provider> = {
  github,
  gitlab,
  'azure-devops': azureDevops,
  generic,
  pagerduty,
  'incident-io': incidentIo,
};
