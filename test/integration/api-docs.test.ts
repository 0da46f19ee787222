import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

const API_MD = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'API.md'), 'utf8');
/** Sections of docs/API.md whose routes are, on purpose, not in the OpenAPI document. */
const OUTSIDE = new Set(['Not in the OpenAPI document', 'Version 2, coming']);

/** `METHOD /path` of every table row of the served sections, `:param` written `{param}` as OpenAPI does. */
function documentedRoutes(markdown: string): Set<string> {
  const routes = new Set<string>();
  let section = '';
  for (const line of markdown.split('\n')) {
    const heading = /^## (.+)$/.exec(line);
    if (heading !== null) section = heading[1] as string;
    const row = /^\| `(GET|POST|PUT|PATCH|DELETE) (\/[^`?\s]*)`/.exec(line);
    if (row === null || OUTSIDE.has(section)) continue;
    routes.add(`${row[1]} ${(row[2] as string).replace(/:(\w+)/g, '{$1}')}`);
  }
  return routes;
}

describeEachDatabase('docs/API.md and the OpenAPI document', ({ handle }) => {
  it('name the same routes, the receiver included; version 2 routes are not served', async () => {
    const t = await buildTestApp(handle());
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = new Set(
      Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    expect(served).toContain('POST /hooks/{webhookId}');
    expect([...documentedRoutes(API_MD)].sort()).toEqual([...served].sort());
    // What "Version 2, coming" lists is really not served yet (so it cannot go stale unnoticed).
    const coming = API_MD.slice(API_MD.indexOf('## Version 2, coming'));
    const comingRoutes = [...coming.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`?\s]*)/g)];
    // Every item of the list names a route (so that the pattern above cannot miss them all unnoticed).
    expect(comingRoutes.length).toBeGreaterThanOrEqual(coming.split('\n').filter((l) => l.startsWith('- ')).length);
    for (const [, method, path] of comingRoutes) {
      const url = (path as string).replace(/:(\w+)/g, 'x1');
      const answer = await t.app.inject({ method: method as 'GET', url, headers: t.auth, payload: {} });
      expect(answer.statusCode, `${method} ${path}`).toBe(404);
    }
  });

  it('the receiver is described as the contract says: its answers and no user credential', async () => {
    const t = await buildTestApp(handle());
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, { post?: { security: unknown[]; responses: Record<string, unknown> } }>;
    };
    const receiver = doc.paths['/hooks/{webhookId}']?.post;
    expect(receiver?.security).toEqual([]);
    expect(Object.keys(receiver?.responses ?? {}).sort()).toEqual(
      ['200', '400', '401', '404', '410', '413', '415', '429', '503'].sort(),
    );
  });
});
