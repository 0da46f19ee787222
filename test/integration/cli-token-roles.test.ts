import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shipwatch } from '../helpers/run-cli.js';

describe('shipwatch token create --role --project (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shipwatch-cli-roles-'));
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.SHIPWATCH_DATA_DIR = dir;
    process.env.SHIPWATCH_LOG_LEVEL = 'silent';
    delete process.env.DATABASE_URL;
  });
  afterAll(() => {
    process.env = saved;
  });

  it('makes tokens of a role, limited to the projects named, and lists both', async () => {
    await shipwatch('migrate');
    const a = JSON.parse(await shipwatch('project', 'create', 'A', '--json'));
    const b = JSON.parse(await shipwatch('project', 'create', 'B', '--json'));
    expect(await shipwatch('token', 'create', '--name', 'ci')).toMatch(/\(ci, admin, every project\)/);
    expect(await shipwatch('token', 'create', '--name', 'read', '--role', 'viewer')).toMatch(/viewer, every project/);
    const limited = await shipwatch(
      'token',
      'create',
      '--name',
      'team',
      '--role',
      'maintainer',
      '--project',
      a.id,
      '--project',
      b.id,
    );
    expect(limited).toContain(`(team, maintainer, projects ${a.id}, ${b.id})`);
    const tokens = JSON.parse(await shipwatch('token', 'list', '--json')).tokens;
    expect(tokens.find((t: { name: string }) => t.name === 'team')).toMatchObject({
      role: 'maintainer',
      projectIds: [a.id, b.id],
    });
    expect(tokens.find((t: { name: string }) => t.name === 'ci')).toMatchObject({ role: 'admin', projectIds: null });
  });
});
