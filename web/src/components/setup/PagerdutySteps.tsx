import { Value } from './Code';
import type { StepsProps } from './steps-props';

/** PagerDuty Webhooks v3 (a generic webhook subscription); the secret is the one PagerDuty showed, pasted here. */
export function PagerdutySteps({ url }: StepsProps) {
  return (
    <ol className="steps">
      <li>
        In PagerDuty, open <strong>Integrations</strong> → <strong>Generic Webhooks (v3)</strong> →{' '}
        <strong>New Webhook</strong>.
      </li>
      <li>
        <strong>Webhook URL</strong>: <Value>{url}</Value>
      </li>
      <li>
        <strong>Scope Type</strong>: the service (or account) whose incidents count; map each service to its repository
        in the project's settings (<code>pagerdutyServices</code>) so incidents are put down to its deployments.
      </li>
      <li>
        <strong>Event Subscription</strong>: tick <strong>incident.triggered</strong>,{' '}
        <strong>incident.acknowledged</strong>, <strong>incident.reopened</strong> and{' '}
        <strong>incident.resolved</strong>.
      </li>
      <li>
        Choose <strong>Add Webhook</strong>: PagerDuty shows the signing secret once. It is the secret you pasted here;
        if you made this webhook before PagerDuty showed it, rotate the secret here with the one PagerDuty shows.
      </li>
      <li>
        Send a test from PagerDuty (<strong>Send Test Event</strong>): this webhook shows as <strong>verified</strong>.
      </li>
    </ol>
  );
}
