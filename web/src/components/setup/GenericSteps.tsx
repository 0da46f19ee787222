import { CodeBlock } from './Code';
import type { StepsProps } from './steps-props';

/** Single quotes around a value for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'"'"'`)}'`;
}

function curlExample(url: string, secret: string): string {
  return `URL=${shellQuote(url)}
SECRET=${shellQuote(secret)}
BODY='{"deploymentId":"42","repository":"acme/shop","environment":"production","status":"success","sha":"0123456789abcdef0123456789abcdef01234567","finishedAt":"2026-03-02T14:05:00Z","commits":[{"sha":"0123456789abcdef0123456789abcdef01234567","timestamp":"2026-03-02T12:00:00Z"}]}'
SIGNATURE=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | awk '{print $NF}')
curl --fail-with-body -sS -X POST "$URL" \\
  -H 'Content-Type: application/json' \\
  -H "X-Shipwatch-Signature-256: sha256=$SIGNATURE" \\
  -H "X-Shipwatch-Delivery: deploy-42-success" \\
  --data-binary "$BODY"`;
}

export function GenericSteps({ url, secret }: StepsProps) {
  return (
    <>
      <p>
        From any pipeline, send one request per deployment status: a JSON body, signed with the secret. Keep the secret
        in your CI's secret variables rather than in the script.
      </p>
      <CodeBlock code={curlExample(url, secret)} label="curl example" />
      <ul className="plain-list">
        <li>
          <code>X-Shipwatch-Signature-256</code>: <code>sha256=</code> and the hex HMAC-SHA256 of the exact body bytes,
          keyed with the secret (the <code>openssl</code> line computes it).
        </li>
        <li>
          <code>X-Shipwatch-Delivery</code>: a unique id per request; a retry with the same id is a duplicate and stores
          nothing twice.
        </li>
        <li>
          Body: <code>deploymentId</code>, <code>repository</code>, <code>environment</code>, <code>status</code> (
          <code>success</code>, <code>failure</code>, <code>in_progress</code> or <code>canceled</code>),{' '}
          <code>sha</code>, <code>finishedAt</code> (for success, failure and canceled); optional <code>ref</code>,{' '}
          <code>startedAt</code>, <code>url</code>, <code>service</code> and <code>commits</code> (
          <code>
            [{'{'}"sha", "timestamp"{'}'}]
          </code>
          , for lead time).
        </li>
      </ul>
    </>
  );
}
