import type { DeploymentStatus } from '../../domain/index.js';

/**
 * `deployment_status.state` → Shipwatch status (CONTRACT.md status table). `inactive` and any
 * other value are not a status (undefined). GitHub fires no webhook for `inactive`, but one
 * would be ignored all the same.
 * Source: https://docs.github.com/en/webhooks/webhook-events-and-payloads#deployment_status
 */
export function mapGithubState(state: string): DeploymentStatus | undefined {
  switch (state.toLowerCase()) {
    case 'success':
      return 'success';
    case 'failure':
    case 'error':
      return 'failure';
    case 'in_progress':
      return 'in_progress';
    case 'queued':
    case 'waiting':
    case 'pending':
      return 'pending';
    default:
      return undefined;
  }
}
