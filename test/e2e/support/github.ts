import { randomUUID } from 'node:crypto';
import { githubDeploymentStatus, githubHeaders, githubPush } from '../../factories/github.js';

/** What the receiver answered. */
export interface HookAnswer {
  status: number;
  json: { outcome?: string; deliveryId?: string; reason?: string; error?: { code: string } } | null;
}

let nextId = 7_000_000 + Math.floor(Math.random() * 1_000_000);
/** A fresh GitHub deployment (or status) id, unique within the run. */
export function githubId(): number {
  nextId += 1;
  return nextId;
}

/** GitHub's time format: seconds, `Z`. */
export function githubTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A deterministic 40-hex commit id from a label. */
export function sha(label: string): string {
  let hex = '';
  for (const char of label) hex += char.charCodeAt(0).toString(16).padStart(2, '0');
  return hex.padEnd(40, '0').slice(0, 40);
}

/** POSTs a body to a webhook URL as GitHub would: signed with the secret, event in the header. */
export async function sendGithub(url: string, secret: string, event: string, payload: unknown): Promise<HookAnswer> {
  const body = JSON.stringify(payload);
  const res = await fetch(url, {
    method: 'POST',
    headers: githubHeaders(event, body, secret, randomUUID()),
    body,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let json: HookAnswer['json'] = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json };
}

export interface DeploymentInput {
  state: 'success' | 'failure' | 'in_progress';
  finishedAt: number;
  environment?: string;
  repository?: string;
  sha?: string;
  deploymentId?: number;
}

/** One signed `deployment_status` delivery; returns the answer and the deployment id used. */
export async function sendDeployment(
  url: string,
  secret: string,
  input: DeploymentInput,
): Promise<HookAnswer & { deploymentId: number }> {
  const deploymentId = input.deploymentId ?? githubId();
  const payload = githubDeploymentStatus({
    deploymentId,
    statusId: githubId(),
    state: input.state,
    createdAt: githubTime(input.finishedAt),
    environment: input.environment ?? 'production',
    repository: input.repository ?? 'acme/checkout',
    sha: input.sha ?? sha(`deploy ${deploymentId}`),
  });
  return { ...(await sendGithub(url, secret, 'deployment_status', payload)), deploymentId };
}

/** One signed `push` to refs/heads/main. */
export function sendPush(
  url: string,
  secret: string,
  input: { before: string; commits: { id: string; timestamp: number }[]; repository?: string },
): Promise<HookAnswer> {
  const last = input.commits.at(-1);
  if (!last) throw new Error('a push needs a commit');
  const payload = githubPush({
    repository: input.repository ?? 'acme/checkout',
    before: input.before,
    after: last.id,
    commits: input.commits.map((c) => ({ id: c.id, timestamp: githubTime(c.timestamp) })),
  });
  return sendGithub(url, secret, 'push', payload);
}
