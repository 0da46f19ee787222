import { Value } from './Code';
import type { StepsProps } from './steps-props';

export function GithubSteps({ url, secret }: StepsProps) {
  return (
    <ol className="steps">
      <li>
        On GitHub, open the repository (or the organization) → <strong>Settings</strong> → <strong>Webhooks</strong> →{' '}
        <strong>Add webhook</strong>.
      </li>
      <li>
        <strong>Payload URL</strong>: <Value>{url}</Value>
      </li>
      <li>
        <strong>Content type</strong>: <Value>application/json</Value>
      </li>
      <li>
        <strong>Secret</strong>: <Value>{secret}</Value>
      </li>
      <li>
        <strong>SSL verification</strong>: leave <em>Enable SSL verification</em> on.
      </li>
      <li>
        <strong>Which events would you like to trigger this webhook?</strong> Choose{' '}
        <em>Let me select individual events</em>, then tick <strong>Deployment statuses</strong> and{' '}
        <strong>Pushes</strong> (pushes give the commits, for lead time).
      </li>
      <li>
        Keep <strong>Active</strong> ticked and choose <strong>Add webhook</strong>.
      </li>
      <li>
        GitHub sends a ping at once: this webhook shows as <strong>verified</strong> when it arrives. Deployments come
        from GitHub Deployments, such as Actions jobs with an <code>environment:</code>.
      </li>
    </ol>
  );
}
