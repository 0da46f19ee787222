import { describe, expect, it } from 'vitest';
import { parseAzureTime } from '../../../../src/providers/shared/parse-azure-time.js';
import { parseGitlabTime } from '../../../../src/providers/shared/parse-gitlab-time.js';
import { parseRfc3339 } from '../../../../src/providers/shared/parse-rfc3339.js';

const at = (iso: string) => Date.parse(iso);

describe('parseRfc3339', () => {
  it.each([
    ['2019-05-15T15:20:55Z', '2019-05-15T15:20:55Z'],
    ['2015-05-05T19:40:15-04:00', '2015-05-05T23:40:15Z'],
    ['2011-12-12T14:27:31+02:00', '2011-12-12T12:27:31Z'],
    ['2021-12-15T20:11:38.000Z', '2021-12-15T20:11:38Z'],
    ['2016-09-19T13:03:28.5345098Z', '2016-09-19T13:03:28Z'],
    ['2016-09-19T13:03:28.999999999Z', '2016-09-19T13:03:28Z'],
    ['2016-01-21T08:19:17.26Z', '2016-01-21T08:19:17Z'],
    ['2024-02-29t23:59:59z', '2024-02-29T23:59:59Z'],
    ['2025-01-01T00:30:00+05:45', '2024-12-31T18:45:00Z'],
  ])('reads %s with its offset, truncated to the second', (text, expected) => {
    expect(parseRfc3339(text)).toBe(at(expected));
  });

  it.each([
    '2019-05-15T15:20:55', // no zone
    '2019-05-15 15:20:55Z', // space instead of T
    '2019-05-15T15:20Z', // no seconds
    '2019-5-15T15:20:55Z',
    '2019-05-15T15:20:55.Z', // fraction without digits
    '2019-05-15T15:20:55.1234567890Z', // ten fraction digits
    '2019-05-15T15:20:55+0200', // offset without colon
    '2019-13-01T00:00:00Z',
    '2023-02-29T00:00:00Z', // not a leap year
    '2019-04-31T00:00:00Z',
    '2019-05-15T24:00:00Z',
    '2019-05-15T23:60:00Z',
    '2019-05-15T23:59:60Z',
    '2019-05-15T23:59:59+24:00',
    '2019-05-15T23:59:59+01:60',
    'Wed, 15 May 2019 15:20:55 GMT', // Date.parse would take this
    '1557933655', // the push payload's integer pushed_at, as text
    '',
    ' 2019-05-15T15:20:55Z',
  ])('refuses %j', (text) => {
    expect(parseRfc3339(text)).toBeNull();
  });

  it('reads years before 100 as written, not as 19xx', () => {
    expect(new Date(parseRfc3339('0099-01-01T00:00:00Z') ?? Number.NaN).getUTCFullYear()).toBe(99);
  });
});

describe('parseGitlabTime', () => {
  it.each([
    ['2021-04-28 21:50:00 +0200', '2021-04-28T19:50:00Z'],
    ['2025-03-03 16:12:00 +0100', '2025-03-03T15:12:00Z'],
    ['2016-08-12 15:23:28 UTC', '2016-08-12T15:23:28Z'],
    ['2025-03-03 09:00:00 -0530', '2025-03-03T14:30:00Z'],
    ['2025-03-03 15:00:00 +0000', '2025-03-03T15:00:00Z'],
    ['2025-03-03T15:00:00Z', '2025-03-03T15:00:00Z'],
    ['2025-03-03T17:00:00.123+02:00', '2025-03-03T15:00:00Z'],
  ])('reads %s', (text, expected) => {
    expect(parseGitlabTime(text)).toBe(at(expected));
  });

  it.each([
    '2021-04-28 21:50:00', // no zone
    '2021-04-28 21:50:00 +02:00',
    '2021-04-28 21:50:00 CEST',
    '2021-04-28 21:50:00 utc',
    '2021-04-28  21:50:00 UTC',
    '2021-04-31 21:50:00 UTC',
    '2021-04-28 21:50:00 +0260',
    'yesterday',
  ])('refuses %j', (text) => {
    expect(parseGitlabTime(text)).toBeNull();
  });
});

describe('parseAzureTime', () => {
  it.each([
    ['2016-09-19T13:03:28.5345098Z', '2016-09-19T13:03:28Z'],
    ['2016-01-21T08:19:17.26Z', '2016-01-21T08:19:17Z'],
    ['2015-02-25T19:01:00Z', '2015-02-25T19:01:00Z'],
    ['2019-12-10T19:25:36.4767211', '2019-12-10T19:25:36Z'],
  ])('reads %s (7-digit fractions; no zone is UTC)', (text, expected) => {
    expect(parseAzureTime(text)).toBe(at(expected));
  });

  it.each(['0001-01-01T00:00:00', '0001-01-01T00:00:00Z', '0001-01-01T00:00:00.0000000Z'])(
    'reads the DateTime.MinValue sentinel %s as no time',
    (text) => {
      expect(parseAzureTime(text)).toBeNull();
    },
  );

  it.each(['2016-09-19', '2016-09-19T13:03Z', 'not a date', '2016-09-19T13:03:28.5345098+0100'])(
    'refuses %j',
    (text) => {
      expect(parseAzureTime(text)).toBeNull();
    },
  );
});
