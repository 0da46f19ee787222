import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeVariables, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('has defaults for a laptop: port 8080 on 0.0.0.0, SQLite under ./data', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.host).toBe('0.0.0.0');
    expect(config.databaseUrl).toBeNull();
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.sqliteSynchronous).toBe('full');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT must be a port number from 0 to 65535 \(got "abc"\)\.$/],
    [{ PORT: '65536' }, /^PORT must be/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must be a PostgreSQL URL/],
    [{ DATABASE_URL: 'postgres://[bad' }, /^DATABASE_URL must be a PostgreSQL URL/],
    [{ DATABASE_URL: 'postgres://u@h/db' }, /^SHIPWATCH_SECRET_KEY is required with DATABASE_URL/],
    [{ SHIPWATCH_SECRET_KEY: 'short' }, /^SHIPWATCH_SECRET_KEY must be the base64 text of 32 random bytes/],
    [{ SHIPWATCH_SQLITE_SYNCHRONOUS: 'off' }, /^SHIPWATCH_SQLITE_SYNCHRONOUS must be full or normal/],
    [{ SHIPWATCH_PUBLIC_URL: 'ftp://x' }, /^SHIPWATCH_PUBLIC_URL must be/],
  ])('refuses %o with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(message);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('accepts PostgreSQL with a key, and trims the public URL', () => {
    const key = Buffer.alloc(32, 1).toString('base64');
    const config = loadConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      SHIPWATCH_SECRET_KEY: key,
      SHIPWATCH_PUBLIC_URL: 'https://ship.example.com/',
    });
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(config.secretKey?.length).toBe(32);
    expect(config.publicUrl).toBe('https://ship.example.com');
  });

  it('the README lists every variable with its default', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const variable of describeVariables()) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${variable.name}\``));
      expect(row, `README row for ${variable.name}`).toBeDefined();
      expect(row).toContain(variable.default === '(unset)' ? 'unset' : variable.default);
    }
  });
});
