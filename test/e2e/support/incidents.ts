import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { genericHeaders } from '../../factories/generic.js';
import type { E2eServer } from './server.js';

export interface SeededIncident {
  incidentId: string;
  /** The generic webhook it came through. */
  webhookId: string;
  /** The deployment it is put down to by time (the latest production success before it, in its repository). */
  deploymentId: string;
}

interface Listed {
  id: string;
  status: string;
  repository: string | null;
  finishedAt: string | null;
}

/**
 * An incident through a generic webhook (CONTRACT.md, "Incidents"), started `afterMs` after a successful production
 * deployment of `repository` (the latest for which start and resolution are past) and resolved `restoreMs` later:
 * attributed to that deployment by the 24-hour window (the seed leaves more than `afterMs` before the next one), so
 * it makes it a failed change.
 */
export async function seedIncident(
  server: E2eServer,
  projectId: string,
  input: { title: string; repository: string; afterMs: number; restoreMs: number },
): Promise<SeededIncident> {
  const listed = await server.api<{ deployments: Listed[] }>(
    'GET',
    `/api/projects/${projectId}/deployments?production=true&limit=50`,
  );
  // The latest one early enough that the incident starts and ends in the past.
  const latest = listed.json.deployments.find(
    (d) =>
      d.status === 'success' &&
      d.repository === input.repository &&
      Date.parse(d.finishedAt ?? '') + input.afterMs + input.restoreMs < Date.now() - 60_000,
  );
  if (!latest?.finishedAt) throw new Error(`no early enough production deployment of ${input.repository}`);
  const startedAt = Date.parse(latest.finishedAt) + input.afterMs;
  const hook = await server.api<{ id: string; url: string; secret: string }>(
    'POST',
    `/api/projects/${projectId}/webhooks`,
    { provider: 'generic', name: 'Incidents (generic)' },
  );
  expect(hook.status).toBe(201);
  const incidentKey = randomUUID();
  const body = JSON.stringify({
    type: 'incident',
    incidentId: incidentKey,
    status: 'resolved',
    startedAt: new Date(startedAt).toISOString(),
    resolvedAt: new Date(startedAt + input.restoreMs).toISOString(),
    title: input.title,
    repository: input.repository,
  });
  const res = await fetch(hook.json.url, {
    method: 'POST',
    headers: genericHeaders(body, hook.json.secret),
    body,
    signal: AbortSignal.timeout(15_000),
  });
  const answer = (await res.json()) as { outcome?: string };
  expect(res.status, JSON.stringify(answer)).toBe(200);
  expect(answer.outcome, JSON.stringify(answer)).toBe('accepted');
  const incidents = await server.api<{
    incidents: { id: string; title: string | null; deploymentId: string | null }[];
  }>('GET', `/api/projects/${projectId}/incidents`);
  const incident = incidents.json.incidents.find((i) => i.title === input.title);
  if (!incident) throw new Error(`the incident ${input.title} is not listed`);
  expect(incident.deploymentId).toBe(latest.id);
  return { incidentId: incident.id, webhookId: hook.json.id, deploymentId: latest.id };
}

/** Makes a token of a role (perhaps limited to projects) through the API, and answers its secret. */
export async function makeToken(
  server: E2eServer,
  input: { name: string; role: 'admin' | 'maintainer' | 'viewer'; projectIds?: string[] },
): Promise<string> {
  const made = await server.api<{ token: string; role: string }>('POST', '/api/tokens', input);
  expect(made.status).toBe(201);
  expect(made.json.role).toBe(input.role);
  return made.json.token;
}
