import { execFile } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';

/** A generic webhook body (CONTRACT.md, "The receiver"), with defaults for the fields a test does not care about. */
export interface GenericDeploymentInput {
  deploymentId: string | number;
  status?: 'success' | 'failure' | 'in_progress' | 'canceled';
  repository?: string;
  environment?: string;
  sha?: string;
  ref?: string;
  startedAt?: string;
  finishedAt?: string;
  url?: string;
  commits?: { sha: string; timestamp: string; message?: string; author?: { name: string; email: string } }[];
}

export function genericDeployment(input: GenericDeploymentInput): Record<string, unknown> {
  const status = input.status ?? 'success';
  return {
    deploymentId: input.deploymentId,
    repository: input.repository ?? 'acme/checkout',
    environment: input.environment ?? 'production',
    status,
    sha: input.sha ?? 'a'.repeat(40),
    ...(input.ref === undefined ? {} : { ref: input.ref }),
    ...(input.startedAt === undefined ? {} : { startedAt: input.startedAt }),
    ...(status === 'in_progress' && input.finishedAt === undefined
      ? {}
      : { finishedAt: input.finishedAt ?? '2026-03-02T12:00:00Z' }),
    ...(input.url === undefined ? {} : { url: input.url }),
    ...(input.commits === undefined ? {} : { commits: input.commits }),
  };
}

export function signGeneric(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The headers a generic sender sends with a body. */
export function genericHeaders(body: string, secret: string, delivery: string = randomUUID()): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-shipwatch-signature-256': signGeneric(body, secret),
    'x-shipwatch-delivery': delivery,
  };
}

/** The headers of a signed `last-deployment` request: HMAC-SHA256 of `<timestamp>.<path and query>`. */
export function lastDeploymentHeaders(pathAndQuery: string, secret: string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'x-shipwatch-timestamp': timestamp,
    'x-shipwatch-signature-256': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${pathAndQuery}`).digest('hex')}`,
  };
}

export const shaOf = (n: number): string => n.toString(16).padStart(40, '0');

export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to its end (no shell unless the program is one), with its exit code and output. */
export function run(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env as NodeJS.ProcessEnv | undefined,
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(new Error(`${file} ${args.join(' ')} did not run to its end: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });
}

/** The programs of `names` that are not on the PATH. */
export async function missingPrograms(names: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const name of names) {
    if ((await run('sh', ['-c', `command -v ${name}`])).code !== 0) missing.push(name);
  }
  return missing;
}

/** An environment for git that reads no user or system configuration. */
export function gitEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Ada',
    GIT_AUTHOR_EMAIL: 'ada@example.com',
    GIT_COMMITTER_NAME: 'Ada',
    GIT_COMMITTER_EMAIL: 'ada@example.com',
  };
}

/** A git repository factory: `commit(date)` makes an empty commit with that author and committer date. */
export async function gitRepository(dir: string, home: string) {
  const env = gitEnv(home);
  const git = async (...args: string[]) => {
    const ran = await run('git', args, { cwd: dir, env });
    if (ran.code !== 0) throw new Error(`git ${args.join(' ')}: ${ran.stderr}`);
    return ran.stdout.trim();
  };
  await run('mkdir', ['-p', dir]);
  await git('init', '--quiet', '-b', 'main');
  return {
    dir,
    git,
    /** Commits at `date` (any format git reads, e.g. 2026-01-02T09:00:00+01:00); resolves with the full sha. */
    async commit(date: string, message = `change at ${date}`): Promise<string> {
      const ran = await run('git', ['commit', '--quiet', '--allow-empty', '-m', message], {
        cwd: dir,
        env: { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      });
      if (ran.code !== 0) throw new Error(`git commit: ${ran.stderr}`);
      return git('rev-parse', 'HEAD');
    },
  };
}
