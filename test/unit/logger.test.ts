import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { providers } from '../../src/providers/registry.js';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

describe('log redaction', () => {
  it("redacts every header a provider's record names as secret, and keeps the others", () => {
    const { logger, lines } = capture();
    const headers = {
      authorization: 'Bearer swt_secret',
      cookie: 'shipwatch_session=abc',
      'x-hub-signature-256': 'sha256=aaaa',
      'x-hub-signature': 'sha1=bbbb',
      'x-gitlab-token': 'gitlab-secret',
      'x-azure-token': 'azure-secret',
      'x-shipwatch-signature-256': 'sha256=cccc',
      'x-pagerduty-signature': 'v1=dddd',
      'webhook-signature': 'v1,eeee',
      'svix-signature': 'v1,ffff',
      'x-github-event': 'push',
      'x-gitlab-event': 'Push Hook',
    };
    logger.info({ req: { headers } }, 'request');
    const logged = JSON.parse(lines[0] ?? '{}').req.headers as Record<string, string>;
    for (const provider of Object.values(providers)) {
      for (const name of provider.headers.secret) expect(logged[name], `${provider.id} ${name}`).toBe('[redacted]');
    }
    expect(logged.authorization).toBe('[redacted]');
    expect(logged.cookie).toBe('[redacted]');
    expect(logged['x-github-event']).toBe('push');
    expect(logged['x-gitlab-event']).toBe('Push Hook');
    expect(lines.join('')).not.toMatch(/gitlab-secret|azure-secret|sha256=|sha1=|swt_secret|v1=|v1,/);
  });

  it('every provider names the header it verifies among its secret ones, and never keeps a secret one', () => {
    for (const provider of Object.values(providers)) {
      expect(provider.headers.secret).toContain(provider.headers.credential);
      for (const name of provider.headers.kept) expect(provider.headers.secret).not.toContain(name);
    }
  });
});
