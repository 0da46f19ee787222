import type { DeploymentStatus } from '../../domain/index.js';

/**
 * `resource.deployment.deploymentStatus` → Shipwatch status (CONTRACT.md status table), read
 * without regard to case. `undefined`, `all` and any other value are not a status.
 * `resource.environment.status` is never read: it says `rejected` both for a failed deployment
 * and for a refused approval.
 * Source: azure-devops-node-api interfaces/ReleaseInterfaces.d.ts, enum DeploymentStatus.
 */
export function mapDeploymentStatus(value: string): DeploymentStatus | undefined {
  switch (value.toLowerCase()) {
    case 'succeeded':
      return 'success';
    case 'failed':
    case 'partiallysucceeded':
      return 'failure';
    case 'notdeployed':
      return 'canceled';
    case 'inprogress':
      return 'in_progress';
    default:
      return undefined;
  }
}
