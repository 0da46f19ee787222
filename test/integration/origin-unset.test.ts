import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { createToken } from '../../src/manage/tokens.js';
import { createSecretBox } from '../../src/secrets/secret-box.js';
import { TEST_KEY } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

// A loopback or LAN start without SHIPWATCH_PUBLIC_URL: the page, opened at the address the server answers on,
// can write with its session cookie; another site cannot, and the refusal names the setting.
describeEachDatabase('cookie writes without SHIPWATCH_PUBLIC_URL', (ctx) => {
  let app: FastifyInstance;
  let cookie: string;
  beforeAll(async () => {
    const config = loadConfig({ SHIPWATCH_DATA_DIR: '/tmp/shipwatch-test-unused', PORT: '3000' });
    app = await buildApp({
      config,
      database: ctx.handle(),
      logger: createLogger('silent'),
      secretBox: createSecretBox(TEST_KEY),
      now: Date.now,
    });
    const made = await createToken(ctx.db(), { name: 'origin', actor: 'test', now: Date.now() });
    const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: { token: made.token } });
    expect(signIn.statusCode).toBe(200);
    cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? '';
  });
  afterAll(async () => {
    await app?.close();
  });

  const createProject = (host: string, origin: string | undefined) =>
    app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: { host, cookie, ...(origin === undefined ? {} : { origin }) },
      payload: { name: `From ${host}` },
    });

  it('accepts a write from the origin the page was opened at (127.0.0.1, a LAN name)', async () => {
    for (const host of ['127.0.0.1:3000', 'nas.local:3000', '192.168.1.20:8080']) {
      const res = await createProject(host, `http://${host}`);
      expect(res.statusCode, host).toBe(201);
      expect(res.json().name).toBe(`From ${host}`);
    }
  });

  it('refuses another origin with 403 csrf_rejected whose message names SHIPWATCH_PUBLIC_URL', async () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:3001', undefined]) {
      const res = await createProject('127.0.0.1:3000', origin);
      expect(res.statusCode, String(origin)).toBe(403);
      expect(res.json().error.code).toBe('csrf_rejected');
      expect(res.json().error.message).toMatch(/SHIPWATCH_PUBLIC_URL/);
    }
  });
});
