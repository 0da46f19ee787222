import type { DeploymentStatus } from '../../domain/index.js';

/**
 * Deployment Hook `status` → Shipwatch status (CONTRACT.md status table). `approved` and
 * `rejected` (approval hooks of protected environments) and any other value are not a status.
 * Source: gitlabhq doc/user/project/integrations/webhook_events.md, "Deployment events".
 */
export function mapGitlabStatus(status: string): DeploymentStatus | undefined {
  switch (status.toLowerCase()) {
    case 'success':
      return 'success';
    case 'failed':
      return 'failure';
    case 'canceled':
      return 'canceled';
    case 'running':
      return 'in_progress';
    default:
      return undefined;
  }
}
