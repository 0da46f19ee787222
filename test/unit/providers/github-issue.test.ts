import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sign } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import { issueNotIncidentReason } from '../../../src/metrics/issue-incident.js';
import { github } from '../../../src/providers/github/index.js';
import { normalizeGithubIssue } from '../../../src/providers/github/normalize-github-issue.js';
import { SECRET } from './support/credentials.js';
import { deliverIncident, ignoredReasonOf, incidentOf, ms } from './support/deliver-incident.js';
import { FIXTURES } from './support/golden.js';

function body(name: string): string {
  return readFileSync(join(FIXTURES, 'github', 'issues', `${name}.json`), 'utf8');
}

const issue = (name: string) => normalizeGithubIssue(JSON.parse(body(name)));

/** Whether the issue is an incident by these `incidentLabels` (decided apart from the delivery: all history at once). */
const decided = (name: string, labels: readonly string[] = ['incident']) => {
  const event = incidentOf(issue(name));
  return issueNotIncidentReason(event.notIncidentReason, event.issue ?? null, labels);
};

describe('GitHub issues as incidents', () => {
  it('reads a signed issues delivery through the GitHub webhook', async () => {
    const text = body('opened.labeled');
    const outcome = await deliverIncident(github, (_event, payload) => normalizeGithubIssue(payload), {
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'issues',
        'x-github-delivery': '7e1d3c40-1711-11f1-8d1b-2b6f8d1c9a11',
        'x-hub-signature-256': await sign(SECRET, text),
      },
      body: text,
      secrets: [SECRET],
    });
    expect(outcome).toMatchObject({ event: 'issues', deliveryKey: '7e1d3c40-1711-11f1-8d1b-2b6f8d1c9a11' });
    expect(incidentOf(outcome)).toEqual({
      providerIncidentId: '2912345678',
      notIncidentReason: null,
      title: 'Checkout returns 502 for card payments',
      url: 'https://github.com/acme/checkout/issues/412',
      status: 'open',
      startedAt: ms('2026-03-03T16:52:10Z'),
      resolvedAt: null,
      repository: 'acme/checkout',
      environment: null,
      sha: null,
      serviceId: null,
      issue: { number: '412', labels: ['incident', 'sev-2'], typed: false },
      orderedAt: ms('2026-03-03T16:52:10Z'),
    });
  });

  it('resolves at closed_at, and a reopen clears it', () => {
    expect(incidentOf(issue('closed'))).toMatchObject({
      status: 'resolved',
      resolvedAt: ms('2026-03-03T17:31:44Z'),
      orderedAt: ms('2026-03-03T17:31:44Z'),
    });
    expect(incidentOf(issue('reopened'))).toMatchObject({ status: 'open', resolvedAt: null });
  });

  it('takes an issue of type Incident without any label', () => {
    expect(decided('typed', [])).toBeNull();
    expect(incidentOf(issue('typed'))).toMatchObject({
      providerIncidentId: '2912350001',
      notIncidentReason: null,
      issue: { number: '415', labels: [], typed: true },
      startedAt: ms('2026-03-04T09:20:00Z'),
      orderedAt: ms('2026-03-04T09:21:30Z'),
    });
  });

  it("keeps every issue with its labels, and matches the project's incidentLabels without regard to case", () => {
    expect(incidentOf(issue('opened.bug'))).toMatchObject({
      notIncidentReason: null,
      issue: { number: '416', labels: ['bug'], typed: false },
    });
    expect(decided('opened.bug', [' Bug '])).toBeNull();
    expect(decided('opened.bug')).toBe(
      'issue #416 has no label in incidentLabels (incident) and its type is not Incident',
    );
    expect(decided('opened.labeled', ['outage', 'sev'])).toBe(
      'issue #412 has no label in incidentLabels (outage, sev) and its type is not Incident',
    );
    expect(decided('opened.labeled', ['INCIDENT'])).toBeNull();
  });

  it('makes an issue whose incident label or type was removed no incident', () => {
    expect(decided('unlabeled')).toBe(
      'issue #412 has no label in incidentLabels (incident) and its type is not Incident',
    );
    const untyped = JSON.parse(body('typed'));
    untyped.action = 'untyped';
    untyped.issue.type = null;
    const event = incidentOf(normalizeGithubIssue(untyped));
    expect(issueNotIncidentReason(event.notIncidentReason, event.issue ?? null, ['incident'])).toContain(
      'its type is not Incident',
    );
  });

  it('makes an incident closed as not planned, or deleted, no incident', () => {
    expect(incidentOf(issue('closed.not-planned')).notIncidentReason).toBe(
      'closed as not planned: taken as a false alarm',
    );
    const odd = JSON.parse(body('closed'));
    odd.issue.state_reason = 'constructor';
    expect(incidentOf(normalizeGithubIssue(odd))).toMatchObject({ notIncidentReason: null, status: 'resolved' });
    const deleted = JSON.parse(body('opened.labeled'));
    deleted.action = 'deleted';
    expect(incidentOf(normalizeGithubIssue(deleted)).notIncidentReason).toBe('issue deleted');
    // What the source says wins over any label.
    expect(decided('closed.not-planned', ['incident'])).toBe('closed as not planned: taken as a false alarm');
  });

  it('names a field it cannot read', () => {
    const payload = JSON.parse(body('opened.labeled'));
    payload.issue.created_at = '2026-03-03';
    expect(ignoredReasonOf(normalizeGithubIssue(payload))).toBe(
      'GitHub issues event: issue.created_at must be an ISO 8601 time, got "2026-03-03"',
    );
  });
});
