import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueNotIncidentReason } from '../../../src/metrics/issue-incident.js';
import { gitlab } from '../../../src/providers/gitlab/index.js';
import { normalizeGitlabIssue } from '../../../src/providers/gitlab/normalize-gitlab-issue.js';
import { SECRET } from './support/credentials.js';
import { deliverIncident, ignoredReasonOf, incidentOf, ms } from './support/deliver-incident.js';
import { FIXTURES } from './support/golden.js';

function body(name: string): string {
  return readFileSync(join(FIXTURES, 'gitlab', 'issues', `${name}.json`), 'utf8');
}

const issue = (name: string) => normalizeGitlabIssue(JSON.parse(body(name)));

/** Whether the issue is an incident by these `incidentLabels` (decided apart from the delivery: all history at once). */
const decide = (normalized: ReturnType<typeof issue>, labels: readonly string[] = ['incident']) => {
  const event = incidentOf(normalized);
  return issueNotIncidentReason(event.notIncidentReason, event.issue ?? null, labels);
};
const decided = (name: string, labels?: readonly string[]) => decide(issue(name), labels);

describe('GitLab Issue Hook as incidents', () => {
  it('reads an incident work item through the GitLab webhook', async () => {
    const text = body('work-item.incident.open');
    const outcome = await deliverIncident(gitlab, (_event, payload) => normalizeGitlabIssue(payload), {
      headers: {
        'content-type': 'application/json',
        'x-gitlab-event': 'Issue Hook',
        'x-gitlab-token': SECRET,
        'idempotency-key': '5d0c4f3e-8a61-4b7c-9d2e-1f0a3b4c5d6e',
      },
      body: text,
      secrets: [SECRET],
    });
    expect(outcome).toMatchObject({ event: 'Issue Hook', deliveryKey: '5d0c4f3e-8a61-4b7c-9d2e-1f0a3b4c5d6e' });
    expect(incidentOf(outcome)).toEqual({
      providerIncidentId: '90871',
      notIncidentReason: null,
      title: 'Checkout 502 on card payments',
      url: 'https://gitlab.example.com/acme/shop/checkout/-/issues/37',
      status: 'open',
      startedAt: ms('2026-03-03T16:55:02Z'),
      resolvedAt: null,
      repository: 'acme/shop/checkout',
      environment: null,
      sha: null,
      serviceId: null,
      issue: { number: '37', labels: ['severity::2'], typed: true },
      orderedAt: ms('2026-03-03T16:55:02Z'),
    });
  });

  it("resolves at closed_at written in GitLab's other format", () => {
    expect(incidentOf(issue('issue.incident.close'))).toMatchObject({
      status: 'resolved',
      resolvedAt: ms('2026-03-03T17:40:19Z'),
      orderedAt: ms('2026-03-03T17:40:19Z'),
    });
  });

  it('takes an issue with an incident label, and a reopen clears the resolution', () => {
    expect(decided('issue.labeled.reopen')).toBeNull();
    expect(incidentOf(issue('issue.labeled.reopen'))).toMatchObject({
      providerIncidentId: '90880',
      notIncidentReason: null,
      issue: { number: '41', labels: ['incident'], typed: false },
      status: 'open',
      resolvedAt: null,
    });
  });

  it('makes an issue whose label was removed no incident, and keeps plain issues as candidates', () => {
    expect(decided('issue.unlabeled.update')).toBe(
      'issue #41 has no label in incidentLabels (incident) and its type is not Incident',
    );
    expect(incidentOf(issue('issue.plain')).issue).toEqual({ number: '42', labels: [], typed: false });
    expect(decided('issue.plain')).toContain('issue #42 has no label in incidentLabels');
    expect(decided('issue.labeled.reopen', ['INCIDENT'])).toBeNull();
    expect(decided('issue.labeled.reopen', ['outage'])).toContain('incidentLabels (outage)');
  });

  it('reads the top-level labels and issue_type too', () => {
    const payload = JSON.parse(body('issue.plain'));
    payload.labels = [{ title: 'Incident' }];
    expect(decide(normalizeGitlabIssue(payload))).toBeNull();
    const typed = JSON.parse(body('issue.plain'));
    typed.object_attributes.type = undefined;
    typed.object_attributes.issue_type = 'incident';
    expect(decide(normalizeGitlabIssue(typed), [])).toBeNull();
  });

  it('refuses another object_kind, naming it', () => {
    const payload = JSON.parse(body('issue.plain'));
    payload.object_kind = 'note';
    expect(ignoredReasonOf(normalizeGitlabIssue(payload))).toBe(
      'GitLab Issue Hook: object_kind must be "issue" or "work_item" in an Issue Hook, got "note"',
    );
  });
});
