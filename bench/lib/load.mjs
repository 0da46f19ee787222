// The load generator of the ingestion benchmark, in its own process. Every request (a signed GitHub
// deployment_status delivery of ~6 KB, each with its own X-GitHub-Delivery and deployment id) is built and signed
// BEFORE the clock starts; autocannon only picks the next one. Input: one JSON argument; output: one JSON line.
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ROOT } from './common.mjs';

const options = JSON.parse(process.argv[2]);
const { base, path, secret, connections, warmupSeconds, seconds, unique, count, ackFile, repositories = 1 } = options;

/** A real delivery's shape: GitHub's own example, trimmed of its workflow run to ~6 KB like a typical one. */
function template() {
  const fixture = JSON.parse(
    readFileSync(join(ROOT, 'test', 'fixtures', 'github', 'deployment_status.production-success.json'), 'utf8'),
  );
  const { workflow_run: _run, check_run: _check, organization: _org, ...rest } = fixture;
  rest.deployment.id = '__DEPLOYMENT_ID__';
  rest.deployment_status.id = '__STATUS_ID__';
  rest.deployment_status.created_at = '__CREATED_AT__';
  rest.deployment_status.updated_at = '__CREATED_AT__';
  rest.deployment.environment = 'production';
  rest.deployment_status.environment = 'production';
  rest.repository.full_name = '__REPOSITORY__';
  const repo = rest.repository;
  for (const key of Object.keys(repo)) {
    if (JSON.stringify(rest).length <= 6200) break;
    if (key.endsWith('_url') && key !== 'html_url') delete repo[key];
  }
  return JSON.stringify(rest)
    .replace('"__DEPLOYMENT_ID__"', '__DEPLOYMENT_ID__')
    .replace('"__STATUS_ID__"', '__STATUS_ID__');
}

const text = template();
const now = Date.now();
const bodies = new Array(count);
const signatures = new Array(count);
const keys = new Array(count);
const runId = Math.floor(now / 1000) % 1_000_000;
for (let i = 0; i < count; i++) {
  const deploymentId = runId * 1_000_000 + i;
  const createdAt = new Date(now - 3_600_000 - (i % 10_000) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const body = Buffer.from(
    text
      .replace('__DEPLOYMENT_ID__', String(deploymentId))
      .replace('__STATUS_ID__', String(deploymentId * 10 + 1))
      .replaceAll('__CREATED_AT__', createdAt)
      .replace('__REPOSITORY__', repositories === 1 ? 'acme/monorepo' : `acme/service-${i % repositories}`),
  );
  bodies[i] = body;
  signatures[i] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  keys[i] = randomUUID();
}

let next = 0;
let exhausted = false;
const statuses = {};
const acked = [];
let recording = false;
const request = {
  method: 'POST',
  path,
  setupRequest(req, context) {
    let i = next++;
    if (i >= count) {
      if (unique) exhausted = true;
      i %= count;
    }
    context.i = i;
    req.headers = {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/044aadd',
      'x-github-event': 'deployment_status',
      'x-github-delivery': keys[i],
      'x-github-hook-id': '1',
      'x-hub-signature-256': signatures[i],
    };
    req.body = bodies[i];
    return req;
  },
  onResponse(status, _body, context) {
    if (status === 200 && ackFile !== undefined) acked.push(context.i);
    if (recording) statuses[status] = (statuses[status] ?? 0) + 1;
  },
};

function run(duration) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: base, connections, duration, pipelining: 1, timeout: 30, requests: [request] },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

if (warmupSeconds > 0) await run(warmupSeconds);
recording = true;
const result = await run(seconds);
if (ackFile !== undefined) writeFileSync(ackFile, acked.map((i) => keys[i]).join('\n'));
process.stdout.write(
  `${JSON.stringify({
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    total: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses,
    bodyBytes: bodies[0].length,
    exhausted,
    sent: Math.min(next, count),
  })}\n`,
);
