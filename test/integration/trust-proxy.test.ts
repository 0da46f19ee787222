import { afterAll, expect, it } from 'vitest';
import { FAILED_SIGN_INS_PER_MINUTE } from '../../src/http/routes/session.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

// Issue 14, items 12 and 13: behind a proxy, the client address that failed sign-ins are counted by comes from
// X-Forwarded-For as SHIPWATCH_TRUST_PROXY says. Fastify 5 ignores a hop count given as a number (request.ip stayed
// the proxy's address, so every client shared one limit); a hop count or the proxies' addresses must both work.
const PROXY = '10.0.0.1';

describeEachDatabase('SHIPWATCH_TRUST_PROXY', ({ handle }) => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const t of apps) await t.app.close();
  });
  const appWith = async (trustProxy: string) => {
    const t = await buildTestApp(handle(), { env: { SHIPWATCH_TRUST_PROXY: trustProxy } });
    apps.push(t);
    return t;
  };
  /** A failed sign-in through the proxy; answers the status (401 wrong token, 429 that client is throttled). */
  const signIn = async (t: TestApp, forwardedFor: string) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/api/session',
        remoteAddress: PROXY,
        headers: { 'x-forwarded-for': forwardedFor },
        payload: { token: 'swt_wrong' },
      })
    ).statusCode;
  const exhaust = async (t: TestApp, forwardedFor: string) => {
    for (let i = 0; i < FAILED_SIGN_INS_PER_MINUTE; i += 1) expect(await signIn(t, forwardedFor)).toBe(401);
    expect(await signIn(t, forwardedFor)).toBe(429);
  };

  for (const value of ['1', PROXY, `192.0.2.0/24, ${PROXY}`]) {
    it(`${value}: the address the one proxy saw (the last in X-Forwarded-For) is the client`, async () => {
      const t = await appWith(value);
      await exhaust(t, '198.51.100.9, 203.0.113.1');
      // The same client, whatever it wrote itself to the left: still throttled.
      expect(await signIn(t, '198.51.100.77, 203.0.113.1')).toBe(429);
      expect(await signIn(t, '203.0.113.1')).toBe(429);
      // Another client through the same proxy has its own limit.
      expect(await signIn(t, '198.51.100.9, 203.0.113.2')).toBe(401);
    });
  }

  it('2: two proxies in front (a CDN, then a load balancer): the address the outer one saw is the client', async () => {
    const t = await appWith('2');
    await exhaust(t, '203.0.113.5, 192.0.2.7');
    expect(await signIn(t, '198.51.100.1, 203.0.113.5, 192.0.2.7')).toBe(429);
    expect(await signIn(t, '203.0.113.6, 192.0.2.7')).toBe(401);
  });

  it('false: the proxy itself is the client, X-Forwarded-For is not read', async () => {
    const t = await appWith('false');
    await exhaust(t, '203.0.113.8');
    expect(await signIn(t, '203.0.113.9')).toBe(429);
  });
});
