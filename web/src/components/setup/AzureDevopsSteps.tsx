import { Value } from './Code';
import type { StepsProps } from './steps-props';

export function AzureDevopsSteps({ url, secret, onUseGeneric }: StepsProps) {
  return (
    <>
      <h4>Subscription 1: deployments</h4>
      <ol className="steps">
        <li>
          In Azure DevOps, open the project → <strong>Project Settings</strong> → <strong>Service hooks</strong> →{' '}
          <strong>Create subscription</strong>.
        </li>
        <li>
          Choose <strong>Web Hooks</strong>, then <strong>Next</strong>.
        </li>
        <li>
          <strong>Trigger on this type of event</strong>: <strong>Release deployment completed</strong>. The release
          pipeline filter is optional. Leave <strong>Status</strong> on <em>[Any]</em>: “Succeeded” hides every failure,
          and the change failure rate would read 0 %. Choose <strong>Next</strong>.
        </li>
        <li>
          <strong>URL</strong>: <Value>{url}</Value>
        </li>
        <li>
          <strong>HTTP headers</strong>: <Value>{`X-Azure-Token: ${secret}`}</Value>
        </li>
        <li>
          <strong>Basic authentication username</strong> and <strong>password</strong>: leave empty.
        </li>
        <li>
          <strong>Resource details to send</strong>: <em>All</em>. <strong>Messages to send</strong> and{' '}
          <strong>Detailed messages to send</strong>: <em>None</em>.
        </li>
        <li>
          <strong>Resource version</strong>: <Value>3.0-preview.1</Value>. Choose <strong>Finish</strong>.
        </li>
      </ol>
      <h4>Subscription 2: pushes, for lead time</h4>
      <ol className="steps">
        <li>
          Create a second subscription the same way, with the trigger <strong>Code pushed</strong> (the repository
          filter is optional).
        </li>
        <li>
          The same <strong>URL</strong> and the same <strong>HTTP headers</strong> line:{' '}
          <Value>{`X-Azure-Token: ${secret}`}</Value>, resource details <em>All</em>, then <strong>Finish</strong>.
        </li>
      </ol>
      <div className="notice">
        <p>
          <strong>YAML pipelines raise no release events.</strong> If you deploy with YAML (multi-stage) pipelines, send
          each deployment from a pipeline step with the generic webhook instead.
        </p>
        {onUseGeneric ? (
          <button type="button" className="button button-small" onClick={onUseGeneric}>
            Generate a generic webhook
          </button>
        ) : null}
      </div>
    </>
  );
}
