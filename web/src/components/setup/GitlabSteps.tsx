import { CodeBlock, Value } from './Code';
import type { StepsProps } from './steps-props';

const CI_EXAMPLE = `deploy:
  stage: deploy
  script: ./deploy.sh
  environment:
    name: production`;

export function GitlabSteps({ url, secret }: StepsProps) {
  return (
    <>
      <ol className="steps">
        <li>
          In GitLab, open the project (or the group) → <strong>Settings</strong> → <strong>Webhooks</strong> →{' '}
          <strong>Add new webhook</strong>.
        </li>
        <li>
          <strong>URL</strong>: <Value>{url}</Value>
        </li>
        <li>
          <strong>Secret token</strong>: <Value>{secret}</Value>
        </li>
        <li>
          <strong>Trigger</strong>: tick <strong>Deployment events</strong> and <strong>Push events</strong> (pushes
          give the commits, for lead time).
        </li>
        <li>
          <strong>SSL verification</strong>: leave <em>Enable SSL verification</em> on, then choose{' '}
          <strong>Add webhook</strong>.
        </li>
      </ol>
      <p>
        Deployments must come from GitLab's environments and deployments in CI: a job with an <code>environment:</code>{' '}
        in <code>.gitlab-ci.yml</code>, for example:
      </p>
      <CodeBlock code={CI_EXAMPLE} label="GitLab CI example" />
    </>
  );
}
