#!/usr/bin/env node
// `npm run bench`: ingestion, memory and start time (bench/ingest.mjs), then the metrics read model
// (bench/metrics.mjs), then the overview of 500 projects and a team (bench/overview.mjs), each beside its limit
// measured in the same run. Prints a table and writes bench/results/<time>.json. BENCH_SCALE=0.1 makes a quick
// run; `node bench/run.mjs ingest` (or `metrics`, `overview`) runs one stage. PostgreSQL parts use
// SHIPWATCH_BENCH_DATABASE_URL (else SHIPWATCH_TEST_DATABASE_URL), in scratch databases they create and drop.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchIngest } from './ingest.mjs';
import { log, ROOT } from './lib/common.mjs';
import { benchMetrics } from './metrics.mjs';
import { benchOverview } from './overview.mjs';

const scale = Number(process.env.BENCH_SCALE ?? 1);
if (!(scale > 0 && scale <= 1)) throw new Error('BENCH_SCALE must be a number in (0, 1]');
const stages = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['ingest', 'metrics', 'overview'];
const machine = {
  nproc: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
log(`machine: ${JSON.stringify(machine)}; BENCH_SCALE=${scale}; stages: ${stages.join(', ')}`);
const started = Date.now();
const results = { at: new Date().toISOString(), scale, machine };

if (stages.includes('ingest')) {
  results.ingest = await benchIngest({
    connections: 50,
    warmupSeconds: scale < 1 ? 1 : 3,
    seconds: Math.max(3, Math.round(15 * scale)),
    poolSize: Math.max(20_000, Math.round(90_000 * scale)),
  });
}
if (stages.includes('metrics')) results.metrics = await benchMetrics({ scale });
if (stages.includes('overview')) results.overview = await benchOverview({ scale });
results.seconds = Math.round((Date.now() - started) / 1000);

const rows = [];
const row = (figure, value, limit, goal, met) => rows.push({ figure, value, limit, goal, met });
const fmt = (n, digits = 0) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));
if (results.ingest !== undefined) {
  const { bare, targets, startMs } = results.ingest;
  const limit = bare.reduce((s, b) => s + b.rps, 0) / bare.length;
  const goals = { sqlite: 0.25, postgres: 0.15 };
  for (const [name, t] of Object.entries(targets)) {
    const ratio = t.rps / limit;
    const goal = goals[name.split(',')[0]];
    row(
      `ingest ${name}: deliveries/s (p50 / p99 ms)`,
      `${fmt(t.rps)} (${t.p50} / ${t.p99})`,
      `bare node:http ${fmt(limit)} req/s (p50 ${bare[0].p50} / p99 ${bare[0].p99})`,
      `ratio >= ${goal}`,
      `${ratio.toFixed(3)} ${ratio >= goal ? 'MET' : 'MISSED'}`,
    );
    row(
      `ingest ${name}: every 200 stored`,
      `${t.check.acked} acknowledged, ${t.check.missing} missing`,
      '',
      '0 missing',
      t.check.missing === 0 ? 'MET' : 'MISSED',
    );
    row(
      `ingest ${name}: server CPU per delivery`,
      `${fmt(t.cpuUsPerDelivery)} µs`,
      'user + system time of the server process over the load (warm-up included) / deliveries answered 200',
      'measured',
      '',
    );
    row(
      `ingest ${name}: peak RSS (VmHWM)`,
      `${fmt(t.peakRss / 2 ** 20)} MB`,
      '',
      '< 200 MB',
      t.peakRss < 200 * 2 ** 20 ? 'MET' : 'MISSED',
    );
  }
  if (startMs !== undefined)
    row(
      'start to /readyz 200, existing SQLite database',
      `${fmt(startMs.median)} ms (median of 5)`,
      `${startMs.deliveries} deliveries stored`,
      '< 1000 ms',
      startMs.median < 1000 ? 'MET' : 'MISSED',
    );
}
if (results.metrics !== undefined) for (const r of results.metrics.rows) rows.push(r);
if (results.overview !== undefined) for (const r of results.overview.rows) rows.push(r);

const widths = ['figure', 'value', 'limit', 'goal', 'met'].map((k) =>
  Math.max(k.length, ...rows.map((r) => String(r[k]).length)),
);
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
const table = [
  line(['figure', 'value', 'limit', 'goal', 'met']),
  line(widths.map((w) => '-'.repeat(w))),
  ...rows.map((r) => line([r.figure, r.value, r.limit, r.goal, r.met])),
].join('\n');
process.stdout.write(`\n${table}\n\n`);
results.table = table;
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
const file = join(ROOT, 'bench', 'results', `${results.at.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
log(`results written to ${file} (${results.seconds} s)`);
