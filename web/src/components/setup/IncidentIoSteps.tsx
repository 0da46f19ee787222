import { Value } from './Code';
import type { StepsProps } from './steps-props';

/** incident.io webhooks (Standard Webhooks); the whsec_ secret is the one incident.io showed, pasted here. */
export function IncidentIoSteps({ url }: StepsProps) {
  return (
    <ol className="steps">
      <li>
        In incident.io, open <strong>Settings</strong> → <strong>Webhooks</strong> → <strong>Add endpoint</strong>.
      </li>
      <li>
        <strong>Endpoint URL</strong>: <Value>{url}</Value>
      </li>
      <li>
        Subscribe to <strong>Public incident created (v2)</strong>, <strong>Public incident updated (v2)</strong> and{' '}
        <strong>Public incident status updated (v2)</strong>.
      </li>
      <li>
        Copy the endpoint's <strong>Signing secret</strong> (it starts with <code>whsec_</code>): it is the secret you
        pasted here. Shipwatch refuses a delivery whose timestamp is more than five minutes from its clock.
      </li>
      <li>Send an example event: this webhook shows as verified when it arrives.</li>
    </ol>
  );
}
