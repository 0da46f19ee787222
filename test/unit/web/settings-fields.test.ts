import { describe, expect, it } from 'vitest';
import { readProjectSettings } from '../../../src/domain/index.js';
import { fieldOfError, linesOf, type SettingsField } from '../../../web/src/lib/settings-fields.js';

/** An answer other than 2xx as the page's client makes it (web/src/api/client.ts `ApiError`: status, code, message). */
function apiError(status: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'ApiError', status, code });
}

/** The 400 the API answers for a settings body: the server's own reader makes the message. */
function refusal(body: unknown): Error {
  const read = readProjectSettings(body);
  if (read.ok) throw new Error(`the body was accepted: ${JSON.stringify(body)}`);
  return apiError(400, 'invalid_request', read.message);
}

describe('fieldOfError (the settings field a 400 is shown under)', () => {
  const cases: [string, unknown, SettingsField][] = [
    ['a window out of range', { incidentWindowHours: 1000 }, 'incidentWindowHours'],
    ['a window not whole', { incidentWindowHours: 1.5 }, 'incidentWindowHours'],
    ['a window sent as null (an empty field)', { incidentWindowHours: null }, 'incidentWindowHours'],
    [
      'an empty hotfix keyword',
      { failureDetection: { hotfixKeywords: ['hotfix', ' '] } },
      'failureDetection.hotfixKeywords',
    ],
    ['a rule that is not a boolean', { failureDetection: { revert: 'yes' } }, 'failureDetection.revert'],
    ['an over-long label', { incidentLabels: ['x'.repeat(201)] }, 'incidentLabels'],
    [
      'too many author patterns',
      { leadTimeExcludedAuthors: Array.from({ length: 101 }, (_, i) => `a${i}`) },
      'leadTimeExcludedAuthors',
    ],
    ['a service without a repository', { pagerdutyServices: { P123: '' } }, 'pagerdutyServices'],
    ['an empty service id', { pagerdutyServices: { ' ': 'acme/checkout' } }, 'pagerdutyServices'],
  ];
  for (const [what, body, field] of cases) {
    it(`${what} → ${field}`, () => {
      expect(fieldOfError(refusal(body))).toBe(field);
    });
  }

  it('names no field for another error: not a 400, or a 400 about the body as a whole', () => {
    expect(fieldOfError(apiError(403, 'forbidden', 'incidentWindowHours needs the maintainer role.'))).toBeNull();
    expect(fieldOfError(refusal([]))).toBeNull();
    expect(fieldOfError(new Error('incidentWindowHours must be a whole number from 0 to 720.'))).toBeNull();
  });
});

describe('linesOf (a text area as a list)', () => {
  it('trims each line and drops blank ones, keeping order and inner spaces', () => {
    expect(linesOf(' hotfix \n\n  hot fix\r\n\t\nurgent')).toEqual(['hotfix', 'hot fix', 'urgent']);
    expect(linesOf('')).toEqual([]);
  });
});
