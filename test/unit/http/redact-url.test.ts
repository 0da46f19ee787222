import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../../src/http/redact-url.js';

describe('redactUrl', () => {
  it('replaces the values of credential-like query parameters, whatever their case', () => {
    expect(redactUrl('/healthz?token=abc')).toBe('/healthz?token=REDACTED');
    expect(redactUrl('/x?Access_Token=a&private_token=b&client_secret=c&API-KEY=d&SIG=e&signature=f')).toBe(
      '/x?Access_Token=REDACTED&private_token=REDACTED&client_secret=REDACTED&API-KEY=REDACTED&SIG=REDACTED&signature=REDACTED',
    );
    expect(redactUrl('/cb?code=a&state=b&password=c&jwt=d')).toBe(
      '/cb?code=REDACTED&state=REDACTED&password=REDACTED&jwt=REDACTED',
    );
  });

  it('reads percent-encoded names', () => {
    expect(redactUrl('/x?%74oken=abc')).toBe('/x?%74oken=REDACTED');
  });

  it('keeps the path, the other parameters and their order', () => {
    expect(redactUrl('/api/projects/p/metrics?from=2026-01-01&token=t&to=2026-02-01')).toBe(
      '/api/projects/p/metrics?from=2026-01-01&token=REDACTED&to=2026-02-01',
    );
    expect(redactUrl('/api/projects?monkey=1&tokens=2&keyboard=3&flag')).toBe(
      '/api/projects?monkey=1&tokens=2&keyboard=3&flag',
    );
    expect(redactUrl('/hooks/abc')).toBe('/hooks/abc');
  });
});
