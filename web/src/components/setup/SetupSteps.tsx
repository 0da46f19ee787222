import type { ProviderId } from '../../api/types';
import { AzureDevopsSteps } from './AzureDevopsSteps';
import { GenericSteps } from './GenericSteps';
import { GithubSteps } from './GithubSteps';
import { GitlabSteps } from './GitlabSteps';
import { IncidentIoSteps } from './IncidentIoSteps';
import { PagerdutySteps } from './PagerdutySteps';
import type { StepsProps } from './steps-props';

const STEPS: Record<ProviderId, (props: StepsProps) => React.JSX.Element> = {
  github: GithubSteps,
  gitlab: GitlabSteps,
  'azure-devops': AzureDevopsSteps,
  generic: GenericSteps,
  pagerduty: PagerdutySteps,
  'incident-io': IncidentIoSteps,
};

/** The setup steps of one provider, with the real URL and secret filled in. */
export function SetupSteps({ provider, ...props }: StepsProps & { provider: ProviderId }) {
  const Steps = STEPS[provider];
  return <Steps {...props} />;
}
