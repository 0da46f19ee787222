#!/usr/bin/env node
// @ts-check
// Shipwatch deployment reporter: tells a Shipwatch generic webhook about one deployment, from any CI.
//
//   curl -fsSLo reporter.mjs https://shipwatch.example.com/reporter.mjs
//   node reporter.mjs --url "$SHIPWATCH_URL" --environment production --status success --git
//
// One dependency-free ES module (Node.js 20 built-ins only), served by every Shipwatch server at /reporter.mjs
// and run by `shipwatch report-deployment`. `node reporter.mjs --help` lists the options; docs/PROVIDERS.md
// ("Generic webhook") has the details.
//
// What is signed, with the webhook secret as the HMAC-SHA256 key:
// - the report (POST <webhook url>): the exact body bytes, in X-Shipwatch-Signature-256: sha256=<hex>;
// - the question `--git` asks (GET <webhook url>/last-deployment?repository=&environment=): the text
//   "<unix seconds>.<path from /hooks/ to the end of the query string, exactly as sent>", with the same
//   seconds in X-Shipwatch-Timestamp (Shipwatch accepts five minutes of clock difference either way).
// Retries: 5 tries in all for network errors and 5xx answers, waiting 1, 2, 4, 8 s (or Retry-After, up to 30 s);
// the report keeps its body and X-Shipwatch-Delivery across tries. A 4xx is not retried.
import { execFile } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** Tries per request: the first and four retries, for network errors and 5xx answers. */
export const MAX_ATTEMPTS = 5;
/** Commits fetched per `git fetch --deepen` in a shallow clone, and how many times at most. */
export const DEEPEN_STEP = 50;
export const MAX_DEEPEN_ROUNDS = 20;
/** Longest wait honoured from a Retry-After header, in ms. */
const MAX_RETRY_AFTER_MS = 30_000;
const REQUEST_TIMEOUT_MS = 30_000;

const STATUSES = ['success', 'failure', 'in_progress', 'canceled'];
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

const USAGE = `Usage: node reporter.mjs --url <webhook url> --environment <name> --status <status> [options]

Reports one deployment to a Shipwatch generic webhook (signed with its secret).

  --url <url>             the webhook URL, https://.../hooks/<id> (or SHIPWATCH_URL)
  --secret <secret>       the webhook secret (or SHIPWATCH_SECRET, which keeps it out of the process list)
  --environment <name>    e.g. production
  --status <status>       success, failure, in_progress or canceled
  --sha <sha>             the full commit id deployed (default: git rev-parse HEAD)
  --repository <name>     e.g. acme/checkout (default: GITHUB_REPOSITORY, CI_PROJECT_PATH, else the origin remote)
  --git                   also send the commits since the last successful deployment to this environment
                          (git log <previous>..<sha>; a shallow clone is deepened, 50 commits at a time)
  --deployment-id <id>    the same id for every report of one deployment (default: the CI run's id and the
                          environment, e.g. GITHUB_RUN_ID, CI_PIPELINE_ID, BUILD_TAG, BUILD_BUILDID)
  --started-at <time>     RFC 3339, e.g. 2026-03-02T14:05:00Z
  --finished-at <time>    RFC 3339 (default: now, for success, failure and canceled)
  --ref <ref>             the branch or tag deployed
  --run-url <url>         a link to the CI run
  --retry-base-ms <ms>    first wait before a retry, doubled each time (default 1000; ${MAX_ATTEMPTS} tries in all)
  -h, --help              this text

Exit status: 0 reported; 1 refused by Shipwatch (4xx, or the report was ignored) or unreachable after
${MAX_ATTEMPTS} tries; 2 bad options, or --git could not find the previous deployment's commit.`;

/** A failure with the exit status it ends the run with. */
export class ReporterError extends Error {
  /** @param {string} message @param {number} exitCode */
  constructor(message, exitCode) {
    super(message);
    this.name = 'ReporterError';
    this.exitCode = exitCode;
  }
}

/**
 * @typedef {object} ReporterIo
 * @property {Record<string, string | undefined>} [env] environment variables (default process.env)
 * @property {string} [cwd] the git working tree (default process.cwd())
 * @property {(text: string) => void} [stdout]
 * @property {(text: string) => void} [stderr]
 * @property {() => number} [now] the clock, epoch ms
 * @property {(ms: number) => Promise<void>} [sleep]
 */

/**
 * Runs the reporter with command-line arguments; resolves to the exit status (never exits the process itself).
 * @param {string[]} argv the arguments after the script name
 * @param {ReporterIo} [io]
 * @returns {Promise<number>}
 */
export async function main(argv, io = {}) {
  const ctx = {
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
    stdout: io.stdout ?? ((text) => process.stdout.write(text)),
    stderr: io.stderr ?? ((text) => process.stderr.write(text)),
    now: io.now ?? Date.now,
    sleep: io.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
  try {
    const options = readOptions(argv, ctx.env);
    if (options === 'help') {
      ctx.stdout(`${USAGE}\n`);
      return 0;
    }
    return await report(options, ctx);
  } catch (error) {
    if (error instanceof ReporterError) {
      ctx.stderr(`shipwatch-reporter: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

/**
 * @typedef {object} Options
 * @property {string} url
 * @property {string} secret
 * @property {string} environment
 * @property {string} status
 * @property {string | undefined} sha
 * @property {string | undefined} repository
 * @property {boolean} git
 * @property {string | undefined} deploymentId
 * @property {string | undefined} startedAt
 * @property {string | undefined} finishedAt
 * @property {string | undefined} ref
 * @property {string | undefined} runUrl
 * @property {number} retryBaseMs
 */

/** The options that take a value. */
const VALUE_OPTIONS = new Set([
  'url',
  'secret',
  'environment',
  'status',
  'sha',
  'repository',
  'deployment-id',
  'started-at',
  'finished-at',
  'ref',
  'run-url',
  'retry-base-ms',
]);

/**
 * `--secret -x...` read as `--secret=-x...`: a generated secret is URL-safe base64 and may begin with a dash, which
 * parseArgs would otherwise take for an option ("argument is ambiguous").
 * @param {readonly string[]} argv
 */
function withAttachedValues(argv) {
  /** @param {string} value a value beginning with a dash that is not one of our options */
  const takesDash = (value) => {
    if (!value.startsWith('-') || value === '-h') return false;
    const name = value.startsWith('--') ? (value.slice(2).split('=')[0] ?? '') : '';
    return !(VALUE_OPTIONS.has(name) || name === 'git' || name === 'help');
  };
  const out = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    if (arg.startsWith('--') && VALUE_OPTIONS.has(arg.slice(2)) && next !== undefined && takesDash(next)) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/**
 * @param {string[]} argv
 * @param {Record<string, string | undefined>} env
 * @returns {Options | 'help'}
 */
function readOptions(argv, env) {
  /** @type {ReturnType<typeof parseArgs>['values']} */
  let values;
  try {
    ({ values } = parseArgs({
      args: withAttachedValues(argv),
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        secret: { type: 'string' },
        environment: { type: 'string' },
        status: { type: 'string' },
        sha: { type: 'string' },
        repository: { type: 'string' },
        git: { type: 'boolean' },
        'deployment-id': { type: 'string' },
        'started-at': { type: 'string' },
        'finished-at': { type: 'string' },
        ref: { type: 'string' },
        'run-url': { type: 'string' },
        'retry-base-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw usage(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return 'help';
  const text = (/** @type {string} */ name) => {
    const value = values[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const url = text('url') ?? env.SHIPWATCH_URL?.trim();
  if (url === undefined || url === '') throw usage('--url is required: the webhook URL, ending in /hooks/<id>');
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw usage(`--url must be a URL, got ${JSON.stringify(url)}`);
  }
  if (!/^https?:$/.test(parsed.protocol) || !/\/hooks\/[^/]+\/?$/.test(parsed.pathname) || parsed.search !== '') {
    throw usage(`--url must be the webhook URL, http(s)://.../hooks/<id>, got ${JSON.stringify(url)}`);
  }
  // --secret is declared a string option: parseArgs gives a string or nothing.
  const secret = typeof values.secret === 'string' ? values.secret : env.SHIPWATCH_SECRET;
  if (secret === undefined || secret === '')
    throw usage('--secret (or SHIPWATCH_SECRET) is required: the webhook secret');
  const environment = text('environment');
  if (environment === undefined) throw usage('--environment is required, e.g. --environment production');
  const status = text('status');
  if (status === undefined || !STATUSES.includes(status)) {
    throw usage(`--status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(status ?? '')}`);
  }
  const sha = text('sha')?.toLowerCase();
  if (sha !== undefined && !SHA.test(sha)) throw usage(`--sha must be a full commit id (40 hex digits), got ${sha}`);
  for (const name of ['started-at', 'finished-at']) {
    const value = text(name);
    if (value !== undefined && !RFC3339.test(value)) {
      throw usage(`--${name} must be an RFC 3339 time such as 2026-03-02T14:05:00Z, got ${value}`);
    }
  }
  const retryBase = text('retry-base-ms') ?? '1000';
  if (!/^\d{1,6}$/.test(retryBase)) throw usage(`--retry-base-ms must be a whole number of ms, got ${retryBase}`);
  return {
    url: url.replace(/\/+$/, ''),
    secret,
    environment,
    status,
    sha,
    repository: text('repository'),
    git: values.git === true,
    deploymentId: text('deployment-id'),
    startedAt: text('started-at'),
    finishedAt: text('finished-at'),
    ref: text('ref'),
    runUrl: text('run-url'),
    retryBaseMs: Number(retryBase),
  };
}

/** @param {string} message */
function usage(message) {
  return new ReporterError(`${message}\n(node reporter.mjs --help lists the options)`, 2);
}

/**
 * @typedef {object} Context
 * @property {Record<string, string | undefined>} env
 * @property {string} cwd
 * @property {(text: string) => void} stdout
 * @property {(text: string) => void} stderr
 * @property {() => number} now
 * @property {(ms: number) => Promise<void>} sleep
 */

/**
 * @param {Options} options
 * @param {Context} ctx
 * @returns {Promise<number>}
 */
async function report(options, ctx) {
  const sha = options.sha ?? (await headSha(ctx));
  const repository = options.repository ?? (await guessRepository(ctx));
  const terminal = options.status !== 'in_progress';
  const finishedAt = options.finishedAt ?? (terminal ? isoSeconds(ctx.now()) : undefined);
  const deploymentId =
    options.deploymentId ??
    `${ciRunId(ctx.env) ?? `${sha.slice(0, 12)}-${finishedAt ?? options.startedAt ?? isoSeconds(ctx.now())}`}:${options.environment}`;

  /** @type {{ sha: string, timestamp: string }[] | undefined} */
  let commits;
  if (options.git) commits = await commitsSinceLastDeployment(options, { sha, repository }, ctx);

  const body = JSON.stringify({
    deploymentId,
    repository,
    environment: options.environment,
    status: options.status,
    sha,
    ...(options.ref === undefined ? {} : { ref: options.ref }),
    ...(options.startedAt === undefined ? {} : { startedAt: options.startedAt }),
    ...(finishedAt === undefined ? {} : { finishedAt }),
    ...(options.runUrl === undefined ? {} : { url: options.runUrl }),
    ...(commits === undefined ? {} : { commits }),
  });
  const delivery = randomUUID();
  const answer = await request(
    {
      method: 'POST',
      url: options.url,
      headers: {
        'content-type': 'application/json',
        'x-shipwatch-signature-256': `sha256=${hmacHex(options.secret, body)}`,
        'x-shipwatch-delivery': delivery,
        'user-agent': 'shipwatch-reporter/1',
      },
      body,
    },
    options,
    ctx,
  );
  if (answer.status !== 200) {
    throw new ReporterError(`Shipwatch refused the report (HTTP ${answer.status}): ${errorText(answer)}`, 1);
  }
  const outcome = readOutcome(answer.json);
  if (outcome.outcome === 'ignored') {
    throw new ReporterError(`Shipwatch ignored the report: ${outcome.reason ?? 'no reason given'}`, 1);
  }
  const carried = commits === undefined ? '' : `, ${commits.length} commit${commits.length === 1 ? '' : 's'}`;
  ctx.stdout(
    `Reported ${options.status} of ${repository}@${sha.slice(0, 12)} to ${options.environment} (deployment ${deploymentId}${carried}): ${outcome.outcome}, delivery ${outcome.deliveryId ?? '?'}.\n`,
  );
  return 0;
}

/**
 * The commits a deployment of `sha` brings: those since the last successful deployment of the repository to the
 * environment, as Shipwatch knows it (`git log <previous>..<sha>`), oldest first. With no earlier deployment, only
 * the deployed commit (older history is not counted as brought); with the same commit, none.
 * @param {Options} options
 * @param {{ sha: string, repository: string }} target
 * @param {Context} ctx
 */
async function commitsSinceLastDeployment(options, target, ctx) {
  const previous = await lastDeployment(options, target.repository, ctx);
  if (previous === null) {
    ctx.stderr('shipwatch-reporter: no earlier successful deployment here: sending the deployed commit only.\n');
    return gitLog(ctx, ['-1', target.sha]);
  }
  if (previous === target.sha) return [];
  await ensureHistory(previous, target.sha, ctx);
  const commits = await gitLog(ctx, [`${previous}..${target.sha}`]);
  ctx.stderr(
    `shipwatch-reporter: previous deployment ${previous.slice(0, 12)}; sending ${commits.length} commit${commits.length === 1 ? '' : 's'} since.\n`,
  );
  return commits;
}

/**
 * Asks Shipwatch for the last successful deployment's commit (`GET <webhook url>/last-deployment`), signed over
 * `<unix seconds>.<path from /hooks/ and query>`.
 * @param {Options} options
 * @param {string} repository
 * @param {Context} ctx
 * @returns {Promise<string | null>}
 */
async function lastDeployment(options, repository, ctx) {
  const query = new URLSearchParams({ repository, environment: options.environment }).toString();
  const url = new URL(`${options.url}/last-deployment?${query}`);
  const pathAndQuery = `${url.pathname.slice(url.pathname.lastIndexOf('/hooks/'))}${url.search}`;
  const answer = await request(
    {
      method: 'GET',
      url: url.href,
      headers: () => {
        const timestamp = String(Math.floor(ctx.now() / 1000));
        return {
          'x-shipwatch-timestamp': timestamp,
          'x-shipwatch-signature-256': `sha256=${hmacHex(options.secret, `${timestamp}.${pathAndQuery}`)}`,
          'user-agent': 'shipwatch-reporter/1',
        };
      },
    },
    options,
    ctx,
  );
  if (answer.status !== 200) {
    throw new ReporterError(
      `Shipwatch refused to tell the last deployment (HTTP ${answer.status}): ${errorText(answer)}`,
      1,
    );
  }
  const sha = answer.json !== null && typeof answer.json === 'object' ? answer.json.sha : undefined;
  if (sha === null) return null;
  if (typeof sha !== 'string' || !SHA.test(sha))
    throw new ReporterError('Shipwatch answered last-deployment without a sha', 1);
  return sha;
}

/**
 * Makes sure `previous` is in the local history below `tip`: in a shallow clone (CI's default), fetches
 * DEEPEN_STEP more commits at a time, at most MAX_DEEPEN_ROUNDS times; exit status 2 when it cannot.
 * @param {string} previous
 * @param {string} tip
 * @param {Context} ctx
 */
async function ensureHistory(previous, tip, ctx) {
  for (let round = 0; ; round += 1) {
    const known = await gitOk(ctx, ['cat-file', '-e', `${previous}^{commit}`]);
    const shallow = (await git(ctx, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
    if (known && (!shallow || (await gitOk(ctx, ['merge-base', '--is-ancestor', previous, tip])))) return;
    if (!shallow) {
      throw new ReporterError(
        `the previous deployment's commit ${previous} is not in this repository's history: was the branch rewritten, or is this another repository? Pass --sha and --repository, or leave out --git.`,
        2,
      );
    }
    if (round === MAX_DEEPEN_ROUNDS) {
      throw new ReporterError(
        `the previous deployment's commit ${previous} is not within the ${DEEPEN_STEP * MAX_DEEPEN_ROUNDS} commits fetched below ${tip.slice(0, 12)}: clone with more history (e.g. actions/checkout fetch-depth: 0, GIT_DEPTH: 0 in GitLab CI) or leave out --git.`,
        2,
      );
    }
    try {
      await git(ctx, ['fetch', '--quiet', `--deepen=${DEEPEN_STEP}`]);
    } catch (error) {
      throw new ReporterError(
        `git fetch --deepen=${DEEPEN_STEP} failed while looking for the previous deployment's commit ${previous}: ${error instanceof Error ? error.message.trim() : String(error)}`,
        2,
      );
    }
  }
}

/**
 * @param {Context} ctx
 * @param {string[]} range arguments after `git log`
 * @returns {Promise<{ sha: string, timestamp: string }[]>}
 */
async function gitLog(ctx, range) {
  const out = await git(ctx, ['log', '--format=%H %cI', ...range, '--']);
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [sha = '', timestamp = ''] = line.trim().split(' ');
      return { sha, timestamp };
    })
    .reverse();
}

/** @param {Context} ctx */
async function headSha(ctx) {
  try {
    return (await git(ctx, ['rev-parse', 'HEAD'])).trim().toLowerCase();
  } catch {
    throw usage('--sha is required outside a git working tree: the full commit id deployed');
  }
}

/**
 * The repository name a provider would give: CI variables first, else the origin remote's path
 * (`https://github.com/acme/checkout.git` → `acme/checkout`; Azure Repos → `<organization>/<project>/<repository>`).
 * @param {Context} ctx
 */
async function guessRepository(ctx) {
  for (const name of ['GITHUB_REPOSITORY', 'CI_PROJECT_PATH']) {
    const value = ctx.env[name]?.trim();
    if (value) return value;
  }
  let remote = '';
  try {
    remote = (await git(ctx, ['remote', 'get-url', 'origin'])).trim();
  } catch {
    // no origin remote
  }
  const name = repositoryFromRemote(remote);
  if (name === undefined) {
    throw usage(`--repository is required: cannot tell it from the origin remote ${JSON.stringify(remote)}`);
  }
  return name;
}

/**
 * @param {string} remote
 * @returns {string | undefined}
 */
export function repositoryFromRemote(remote) {
  const scp = /^[\w.-]+@([\w.-]+):(.+)$/.exec(remote);
  let host;
  let path;
  if (scp !== null) {
    host = scp[1] ?? '';
    path = scp[2] ?? '';
  } else {
    try {
      const url = new URL(remote);
      if (url.protocol === 'file:') return undefined;
      host = url.hostname;
      path = url.pathname;
    } catch {
      return undefined;
    }
  }
  const segments = path
    .replace(/\.git\/?$/, '')
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => decodeURIComponent(segment));
  const git = segments.indexOf('_git');
  if (git >= 1 && segments[git + 1] !== undefined) {
    // Azure Repos: dev.azure.com/<org>/<project>/_git/<repo>, or <org>.visualstudio.com/<project>/_git/<repo>.
    const organization = host.endsWith('.visualstudio.com') ? host.split('.')[0] : segments[git - 2];
    const project = segments[git - 1];
    if (organization === undefined || project === undefined) return undefined;
    return `${organization.toLowerCase()}/${project}/${segments[git + 1]}`;
  }
  if (host === 'ssh.dev.azure.com' && segments[0] === 'v3' && segments.length === 4) {
    return `${(segments[1] ?? '').toLowerCase()}/${segments[2]}/${segments[3]}`;
  }
  return segments.length >= 2 ? segments.join('/') : undefined;
}

/**
 * The CI run's id, so that every report of one run names one deployment (with the environment appended).
 * @param {Record<string, string | undefined>} env
 */
function ciRunId(env) {
  if (env.GITHUB_RUN_ID) return `gh-${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`;
  for (const name of ['CI_PIPELINE_ID', 'BUILD_TAG', 'BUILD_BUILDID', 'BUILDKITE_BUILD_ID', 'CIRCLE_WORKFLOW_ID']) {
    if (env[name]) return `${name.toLowerCase()}-${env[name]}`;
  }
  return undefined;
}

/**
 * One HTTP request, tried up to MAX_ATTEMPTS times on network errors and 5xx answers, waiting retryBaseMs, then
 * twice as long each time (or the server's Retry-After, up to 30 s). Headers may be a function, so that a signed
 * GET signs each try with a fresh timestamp; a POST keeps its body and X-Shipwatch-Delivery across tries.
 * @param {{ method: string, url: string, headers: Record<string, string> | (() => Record<string, string>), body?: string }} req
 * @param {Options} options
 * @param {Context} ctx
 * @returns {Promise<{ status: number, json: any, text: string }>}
 */
async function request(req, options, ctx) {
  let lastProblem = '';
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    let wait = options.retryBaseMs * 2 ** (attempt - 1);
    try {
      const response = await fetch(req.url, {
        method: req.method,
        headers: typeof req.headers === 'function' ? req.headers() : req.headers,
        ...(req.body === undefined ? {} : { body: req.body }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      let json = null;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: the text is the message
      }
      if (response.status < 500) return { status: response.status, json, text };
      lastProblem = `HTTP ${response.status}: ${errorText({ json, text })}`;
      const retryAfter = Number(response.headers.get('retry-after'));
      if (Number.isFinite(retryAfter) && retryAfter > 0) wait = Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS);
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      lastProblem = `${error instanceof Error ? error.message : String(error)}${cause}`;
    }
    if (attempt < MAX_ATTEMPTS) {
      ctx.stderr(
        `shipwatch-reporter: ${req.method} failed (${lastProblem}); retry ${attempt} of ${MAX_ATTEMPTS - 1} in ${wait} ms\n`,
      );
      await ctx.sleep(wait);
    }
  }
  throw new ReporterError(`could not reach Shipwatch after ${MAX_ATTEMPTS} tries: ${lastProblem}`, 1);
}

/** @param {{ json: any, text: string }} answer */
function errorText(answer) {
  const error = answer.json?.error;
  if (error && typeof error.message === 'string') return `${error.message} (${error.code})`;
  return answer.text.slice(0, 300) || 'no message';
}

/**
 * @param {any} json
 * @returns {{ outcome: string, deliveryId?: string, reason?: string }}
 */
function readOutcome(json) {
  if (json === null || typeof json !== 'object' || typeof json.outcome !== 'string') {
    throw new ReporterError('Shipwatch answered 200 without an outcome: is --url a Shipwatch webhook URL?', 1);
  }
  return json;
}

/** @param {string} key @param {string} text */
function hmacHex(key, text) {
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

/** @param {number} ms */
function isoSeconds(ms) {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * @param {Context} ctx
 * @param {string[]} args
 * @returns {Promise<string>}
 */
function git(ctx, args) {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd: ctx.cwd, env: { ...ctx.env, GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`git ${args.join(' ')}: ${stderr.trim() || error.message}`));
        else resolve(stdout);
      },
    );
  });
}

/** @param {Context} ctx @param {string[]} args */
async function gitOk(ctx, args) {
  try {
    await git(ctx, args);
    return true;
  } catch {
    return false;
  }
}

/** True when this file is the program Node runs (`node reporter.mjs`), not a module imported by the CLI. */
function isMain() {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isMain()) {
  process.exitCode = await main(process.argv.slice(2));
}
